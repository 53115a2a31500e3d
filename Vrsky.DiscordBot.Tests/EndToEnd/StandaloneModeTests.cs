using Vrsky.DiscordBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static Vrsky.DiscordBot.Tests.Infrastructure.LeagueDriver;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>BOT_MODE unset: one process holds the Discord connection and does the workers' part too.</summary>
[Collection(BotCollection.Name)]
public sealed class StandaloneModeTests(BotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ASingleProcessWithoutBotModeRunsARoundFromCreationToFinalTags()
    {
        var environment = "solo" + Guid.NewGuid().ToString("N")[..8];
        var settings = fixture.Environment("standalone", environment);
        settings.Remove("BOT_MODE");
        await using var bots = new BotProcesses(output);
        var bot = bots.Start("standalone", settings);
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            Assert.Contains(bot.Output, line => line.Contains($"Frolf bot starting in standalone mode, environment {environment}", StringComparison.Ordinal));
            await PlayRoundAsync();
        });
    }

    private async Task PlayRoundAsync()
    {
        var league = new LeagueDriver(fixture, fixture.StandaloneGuildId);
        await league.SetUpAsync("solo");
        var leaderboard = league.Discord.State.Messages(league.Channels["solo-leaderboard"]).Single().Message;
        await league.ReplyAsync(await league.ClaimAsync(Alice, 4), "Tag #4 is yours.");
        await league.ReplyAsync(await league.ClaimAsync(Bob, 8), "Tag #8 is yours.");

        var (message, roundId) = await league.CreateRoundAsync(Alice, "Solo league night", ModalTime(DateTimeOffset.UtcNow.AddDays(3)), "+01:00", "Lakeside");
        await league.JoinAsync(Bob, message.Id, roundId);
        await league.StartByScheduledEventAsync(message.Id, roundId);
        await league.ScoreAsync(message.Id, roundId, Alice, "2", "Recorded: +2.");
        await league.ScoreAsync(message.Id, roundId, Bob, "-1", "Recorded: -1.");

        await Eventually.WaitAsync(() => league.Field(message.Id, "Results") is not null, Deadline, "finalized embed");
        Assert.Equal($"1. <@{Bob}> -1\n2. <@{Alice}> +2", league.Field(message.Id, "Results"));
        Assert.Empty(league.Discord.State.Message(message.Id)!.Message.Components!);
        await Eventually.WaitAsync(() => league.Discord.State.Message(leaderboard.Id)!.Message.Embeds![0].Description == $"**#4** <@{Bob}>\n**#8** <@{Alice}>",
            Deadline, "leaderboard edited in place");
        league.AssertAllAcknowledgedInTime();
    }
}
