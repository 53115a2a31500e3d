using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static Vrsky.DiscordBot.Tests.Infrastructure.LeagueDriver;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>A round starts at its start time on its own (RoundScheduler), with nobody starting its scheduled event.</summary>
[Collection(BotCollection.Name)]
public sealed class RoundSchedulerTests(BotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ARoundStartsAtItsTimeWithoutItsScheduledEventBecomingActive()
    {
        var environment = "sched" + Guid.NewGuid().ToString("N")[..8];
        await using var bots = new BotProcesses(output);
        // The fixture's BOT_SCHEDULER_INTERVAL of 1 s lets the button follow the start time closely.
        bots.Start("gateway", fixture.Environment("gateway", environment));
        bots.Start("worker", fixture.Environment("worker", environment));
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            await StartsAtItsTimeAsync();
        });
    }

    private async Task StartsAtItsTimeAsync()
    {
        var league = new LeagueDriver(fixture, fixture.SchedulerGuildId);
        await league.SetUpAsync("sched");

        // The modal takes minutes, in the creator's time zone: the next whole minute at least 10 s away, written in Prague time.
        var start = NextWholeMinute(TimeSpan.FromSeconds(10));
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
        var (message, roundId) = await league.CreateRoundAsync(Alice, "Twilight nine", ModalTime(TimeZoneInfo.ConvertTime(start, prague)), "Europe/Prague", "Hilltop");
        Assert.Equal("scheduled", league.Field(message.Id, "Status"));
        Assert.Equal($"<t:{start.ToUnixTimeSeconds()}:F>", league.Field(message.Id, "When"));
        await league.JoinAsync(Bob, message.Id, roundId);

        // Not before its time (checked at every poll), then without anyone touching the scheduled event.
        var scheduledEvent = league.Discord.State.ScheduledEvents(league.GuildId).Single();
        Assert.Equal(ScheduledEventStatus.Scheduled, scheduledEvent.Status);
        await Eventually.WaitAsync(() =>
        {
            var shown = league.Button(message.Id, $"score:{roundId}") is not null;
            Assert.False(shown && DateTimeOffset.UtcNow < start, $"Enter Score shown at {DateTimeOffset.UtcNow:O}, before the start time {start:O}");
            return shown;
        }, start - DateTimeOffset.UtcNow + Deadline, "Enter Score button after the start time");
        Assert.Equal("started", league.Field(message.Id, "Status"));
        Assert.Null(league.Button(message.Id, $"round:join:{roundId}"));

        // Discord's event follows the round (the bot starts it), and the round takes scores.
        await Eventually.WaitAsync(() => league.Discord.State.ScheduledEvents(league.GuildId).Single().Status == ScheduledEventStatus.Active, Deadline, "scheduled event active");
        await league.ScoreAsync(message.Id, roundId, Bob, "3", "Recorded: +3.");
        await league.ScoreAsync(message.Id, roundId, Alice, "-1", "Recorded: -1.");
        await Eventually.WaitAsync(() => league.Field(message.Id, "Results") == $"1. <@{Alice}> -1\n2. <@{Bob}> +3", Deadline, "finalized results");
        league.AssertAllAcknowledgedInTime();
    }
}
