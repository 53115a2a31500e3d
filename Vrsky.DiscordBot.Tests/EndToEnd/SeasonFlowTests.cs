using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static Vrsky.DiscordBot.Tests.Infrastructure.LeagueDriver;
using Emu = Vrsky.DiscordEmulator.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>/season start|standings|end and /leaderboard through the emulator, with rounds finalized in and after a season.</summary>
[Collection(BotCollection.Name)]
public sealed class SeasonFlowTests(BotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task SeasonPointsCountTaggedOpponentsBeatenUntilTheSeasonEnds()
    {
        var environment = "season" + Guid.NewGuid().ToString("N")[..8];
        await using var bots = new BotProcesses(output);
        bots.Start("gateway", fixture.Environment("gateway", environment));
        bots.Start("worker", fixture.Environment("worker", environment));
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            await PlaySeasonAsync();
        });
    }

    private async Task PlaySeasonAsync()
    {
        var league = new LeagueDriver(fixture, fixture.SeasonGuildId);
        await league.SetUpAsync("season");
        foreach (var (user, tag) in new[] { (Bob, 1), (Alice, 3), (Dave, 7) })
        {
            await league.ReplyAsync(await league.ClaimAsync(user, tag), $"Tag #{tag} is yours.");
        }

        Assert.Equal("No season is running.", Embed(await league.CommandAsync(Alice, "season", Emu.SubCommand("standings"))).Title);
        var started = await league.CommandAsync(Alice, "season", Emu.SubCommand("start", Emu.Option("name", "Spring")));
        Assert.Equal("Season **Spring** started.", started.Content);
        var refused = await league.CommandAsync(Bob, "season", Emu.SubCommand("start"));
        Assert.Equal("A season is already running; end it first with /season end.", refused.Content);
        // Replies are the caller's alone (a refusal must not replace "thinking…" for everyone); the start is news for all.
        Assert.True(league.Discord.State.Message(started.Id)!.Ephemeral);
        Assert.True(league.Discord.State.Message(refused.Id)!.Ephemeral);
        await Eventually.WaitAsync(() => league.Discord.State.Messages(started.ChannelId).Any(m => m.Message.Content == "Season **Spring** started." && !m.Ephemeral),
            Deadline, "the season's start announced publicly");
        var empty = Embed(await league.CommandAsync(Carol, "season", Emu.SubCommand("standings")));
        Assert.Equal(("Spring", "No points yet."), (empty.Title, empty.Description));

        // Carol is untagged: she earns points for tagged players she beats, but beating her earns none.
        await PlayRoundAsync(league, "Spring opener", [(Alice, "-3"), (Bob, "0"), (Carol, "-1"), (Dave, "+2")],
            $"1. <@{Alice}> -3\n2. <@{Carol}> -1\n3. <@{Bob}> E\n4. <@{Dave}> +2");
        var standings = $"1. <@{Alice}> 200 pts (1 round)\n2. <@{Carol}> 200 pts (1 round)\n3. <@{Bob}> 100 pts (1 round)\n4. <@{Dave}> 0 pts (1 round)";
        var spring = Embed(await league.CommandAsync(Dave, "season", Emu.SubCommand("standings")));
        Assert.Equal(("Spring", standings), (spring.Title, spring.Description));

        // The tags were re-dealt in finish order among the tagged finishers; /leaderboard shows their holders.
        Assert.Equal($"**#1** <@{Alice}>\n**#3** <@{Bob}>\n**#7** <@{Dave}>", Embed(await league.CommandAsync(Carol, "leaderboard")).Description);

        var end = await league.CommandAsync(Alice, "season", Emu.SubCommand("end"));
        Assert.Equal("Season ended. Final standings:", end.Content);
        await Eventually.WaitAsync(() => league.Discord.State.Messages(end.ChannelId).Any(m => m.Message.Content == "Season ended. Final standings:" && !m.Ephemeral &&
            m.Message.Embeds?.FirstOrDefault()?.Description == standings), Deadline, "the final standings announced publicly");
        Assert.Equal(("Spring", standings), (Embed(end).Title, Embed(end).Description));
        Assert.Equal("No season is running.", Embed(await league.CommandAsync(Alice, "season", Emu.SubCommand("standings"))).Title);
        Assert.Equal("No season is running.", (await league.CommandAsync(Alice, "season", Emu.SubCommand("end"))).Content);

        // A round after the end re-deals tags but awards no points: the next season starts from nothing.
        await PlayRoundAsync(league, "Off-season scramble", [(Alice, "+1"), (Bob, "-1")], $"1. <@{Bob}> -1\n2. <@{Alice}> +1");
        Assert.Equal($"**#1** <@{Bob}>\n**#3** <@{Alice}>\n**#7** <@{Dave}>", Embed(await league.CommandAsync(Carol, "leaderboard")).Description);
        Assert.Equal("Season **Summer** started.", (await league.CommandAsync(Alice, "season", Emu.SubCommand("start", Emu.Option("name", "Summer")))).Content);
        var summer = Embed(await league.CommandAsync(Bob, "season", Emu.SubCommand("standings")));
        Assert.Equal(("Summer", "No points yet."), (summer.Title, summer.Description));
        Assert.Equal(4, await league.CountAsync(
            "select count(*) from season_points p join seasons s on s.id = p.season_id where s.guild_id = $1 and s.name = 'Spring' and p.rounds = 1", league.GuildId));
        league.AssertAllAcknowledgedInTime();
    }

    /// <summary>A round created by the first player, joined by the others, started by its event, and scored in order until final.</summary>
    private static async Task PlayRoundAsync(LeagueDriver league, string title, (string User, string Score)[] scores, string results)
    {
        var (message, roundId) = await league.CreateRoundAsync(scores[0].User, title, ModalTime(DateTimeOffset.UtcNow.AddDays(1)), "UTC", "Meadow course");
        foreach (var (user, _) in scores.Skip(1))
        {
            await league.JoinAsync(user, message.Id, roundId);
        }

        await league.StartByScheduledEventAsync(message.Id, roundId);
        foreach (var (user, score) in scores)
        {
            await league.ScoreAsync(message.Id, roundId, user, score, "Recorded:");
        }

        await Eventually.WaitAsync(() => league.Field(message.Id, "Results") is not null, Deadline, $"{title} finalized");
        Assert.Equal(results, league.Field(message.Id, "Results"));
    }

    private static Embed Embed(Message reply) => Assert.Single(reply.Embeds!);
}
