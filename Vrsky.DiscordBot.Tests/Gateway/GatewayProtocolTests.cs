using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Vrsky.DiscordEmulator.Control;
using Vrsky.DiscordEmulator.Gateway;
using Vrsky.DiscordEmulator.State;

namespace Vrsky.DiscordBot.Tests.Gateway;

public sealed class GatewayProtocolTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task IdentifiesAndReceivesReadyAndItsGuilds()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();

        Assert.True(gateway.Client.IsReady);
        Assert.NotNull(gateway.Client.SessionId);
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
        await Eventually.WaitAsync(() => gateway.Events.OfType<GuildCreateEvent>().Any(), Deadline, "GUILD_CREATE");
        var guild = gateway.Events.OfType<GuildCreateEvent>().Single().Guild;
        Assert.Equal(gateway.Emulator.Options.GuildIds[0], guild.Id);
        Assert.IsType<ReadyEvent>(gateway.Events.First());
    }

    [Fact]
    public async Task HeartbeatsAtTheIntervalFromHello()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();

        // Three heartbeats within about three seconds, and the session stays up on their ACKs.
        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Heartbeats >= 3, Deadline, "three heartbeats");
        Assert.True(gateway.Client.IsReady);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
    }

    [Fact]
    public async Task ResumesAfterTheConnectionDropsAndGetsTheEventsItMissed()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var guildId = gateway.Emulator.Options.GuildIds[0];

        InteractionRecord missed;
        using (gateway.Emulator.Gateway.GoOffline())
        {
            missed = await gateway.Emulator.InvokeCommandAsync(guildId, "42", "leaderboard");
        }

        await Eventually.WaitAsync(() => gateway.Events.OfType<InteractionCreateEvent>().Any(e => e.Interaction.Id == missed.Interaction.Id), Deadline, "missed interaction");
        await Eventually.WaitAsync(() => gateway.Client.IsReady, Deadline, "ready again");
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
        Assert.Equal(1, gateway.Emulator.Gateway.Resumes);
        Assert.Equal(1, gateway.Emulator.Gateway.Replayed);
        Assert.Single(gateway.Events.OfType<InteractionCreateEvent>());
        Assert.Contains(gateway.Events, e => e is ResumedEvent);
    }

    [Fact]
    public async Task UnacknowledgedHeartbeatClosesTheZombieConnectionAndResumes()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();

        gateway.Emulator.Gateway.IgnoreHeartbeats = true;
        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Resumes >= 1, Deadline, "resume after zombie");
        gateway.Emulator.Gateway.IgnoreHeartbeats = false;

        await Eventually.WaitAsync(() => gateway.Client.IsReady, Deadline, "ready again");
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
    }

    [Fact]
    public async Task ReconnectRequestResumesTheSameSession()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var session = gateway.Client.SessionId;

        await gateway.Emulator.Gateway.SendReconnectAsync();

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Resumes == 1 && gateway.Client.IsReady, Deadline, "resumed");
        Assert.Equal(session, gateway.Client.SessionId);
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
    }

    [Fact]
    public async Task ResumableInvalidSessionWaitsThenResumesAndGetsTheEventsItMissed()
    {
        // Discord asks for a random 1-5 s pause after op 9; 2 s here, so at least 0.4 s.
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { InvalidSessionDelay = TimeSpan.FromSeconds(2) });
        await gateway.WaitReadyAsync();
        var session = gateway.Client.SessionId;
        using var http = new HttpClient { BaseAddress = gateway.Emulator.BaseUrl };

        InteractionRecord missed;
        using (gateway.Emulator.Gateway.HoldNewConnections())
        {
            await new ControlClient(http).InvalidateSessionsAsync(resumable: true);
            await Eventually.WaitAsync(() => gateway.Emulator.Gateway.ConnectedSessions == 0, Deadline, "the client closed after op 9");
            missed = await gateway.Emulator.InvokeCommandAsync(gateway.Emulator.Options.GuildIds[0], "42", "leaderboard");
        }

        await Eventually.WaitAsync(() => gateway.Events.OfType<InteractionCreateEvent>().Any(e => e.Interaction.Id == missed.Interaction.Id), Deadline, "missed interaction");
        await Eventually.WaitAsync(() => gateway.Client.IsReady, Deadline, "ready again");
        var seen = AfterLast(gateway, GatewayLogEntry.InvalidSessionResumable);
        Assert.Equal([GatewayLogEntry.InvalidSessionResumable, GatewayLogEntry.Connect, GatewayLogEntry.Resume], seen.Select(e => e.What));
        Assert.True(seen[1].Since(seen[0]) >= MinimumInvalidSessionPause, $"reconnected {seen[1].Since(seen[0])} after op 9");
        Assert.Equal(session, gateway.Client.SessionId);
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
        Assert.Equal(1, gateway.Emulator.Gateway.Replayed);
    }

    [Fact]
    public async Task InvalidSessionThatCannotResumeWaitsThenIdentifiesAgain()
    {
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { InvalidSessionDelay = TimeSpan.FromSeconds(2) });
        await gateway.WaitReadyAsync();
        var first = gateway.Client.SessionId;
        using var http = new HttpClient { BaseAddress = gateway.Emulator.BaseUrl };

        await new ControlClient(http).InvalidateSessionsAsync(resumable: false);

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Identifies == 2 && gateway.Client.IsReady, Deadline, "identified again");
        var seen = AfterLast(gateway, GatewayLogEntry.InvalidSession);
        Assert.Equal([GatewayLogEntry.InvalidSession, GatewayLogEntry.Connect, GatewayLogEntry.Identify], seen.Select(e => e.What));
        Assert.True(seen[1].Since(seen[0]) >= MinimumInvalidSessionPause, $"reconnected {seen[1].Since(seen[0])} after op 9");
        Assert.NotEqual(first, gateway.Client.SessionId);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
    }

    [Fact]
    public async Task ResumeBeyondTheReplayBufferIsRefusedAndTheClientIdentifiesAgain()
    {
        await using var gateway = await GatewayHarness.StartAsync(GatewayHarness.DefaultEmulatorOptions with { ReplayBufferSize = 3 });
        await gateway.WaitReadyAsync();
        var first = gateway.Client.SessionId;

        using (gateway.Emulator.Gateway.GoOffline())
        {
            // Five missed dispatches, three kept: Discord, too, cannot replay what it no longer holds.
            for (var i = 0; i < 5; i++)
            {
                await gateway.Emulator.InvokeCommandAsync(gateway.Emulator.Options.GuildIds[0], "42", "leaderboard");
            }
        }

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Identifies == 2 && gateway.Client.IsReady, Deadline, "identified again");
        Assert.Equal([GatewayLogEntry.Resume, GatewayLogEntry.InvalidSession, GatewayLogEntry.Connect, GatewayLogEntry.Identify],
            AfterLast(gateway, GatewayLogEntry.Resume).Select(e => e.What));
        Assert.NotEqual(first, gateway.Client.SessionId);
        Assert.Equal(0, gateway.Emulator.Gateway.Replayed);
    }

    [Fact]
    public async Task ASlowConsumerHoldsTheSocketBackWithoutLosingEventsOrTheSession()
    {
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { EventBufferCapacity = 4 }, readEvents: false);
        await gateway.WaitReadyAsync();
        var guildId = gateway.Emulator.Options.GuildIds[0];
        var interactions = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            interactions.Add((await gateway.Emulator.InvokeCommandAsync(guildId, "42", "leaderboard")).Interaction.Id);
        }

        // READY (1), GUILD_CREATE (2) and two interactions fill the buffer; the fifth waits and nothing after it is read.
        await Eventually.WaitAsync(() => gateway.Client.Sequence == 4, Deadline, "reading stops at a full buffer");
        var heartbeats = gateway.Emulator.Gateway.Heartbeats;
        // Heartbeats go on, and their unread ACKs do not make the connection look like a zombie.
        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Heartbeats >= heartbeats + 3, Deadline, "heartbeats while the consumer is stuck");
        Assert.Equal(4, gateway.Client.Sequence);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);

        gateway.StartReading();

        await Eventually.WaitAsync(() => gateway.Events.OfType<InteractionCreateEvent>().Count() == 10, Deadline, "every interaction once the consumer reads");
        Assert.Equal(interactions, gateway.Events.OfType<InteractionCreateEvent>().Select(e => e.Interaction.Id));
        Assert.Equal(12, gateway.Client.Sequence);
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
    }

    /// <summary>A fifth of the 2 s <see cref="DiscordOpts.InvalidSessionDelay"/> the op 9 tests configure, less a little for the clock.</summary>
    private static readonly TimeSpan MinimumInvalidSessionPause = TimeSpan.FromMilliseconds(390);

    /// <summary>What the emulator saw from the last <paramref name="what"/> on.</summary>
    private static List<GatewayLogEntry> AfterLast(GatewayHarness gateway, string what)
    {
        var seen = gateway.Emulator.Gateway.Seen;
        return [.. seen.Skip(seen.ToList().FindLastIndex(e => e.What == what))];
    }

    [Fact]
    public async Task AuthenticationFailureIsFatalWithAClearMessage()
    {
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { Token = "wrong-token" });

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => gateway.Run.WaitAsync(Deadline));

        Assert.Equal(GatewayCloseCodes.AuthenticationFailed, error.CloseCode);
        Assert.Contains("authentication failed", error.Message);
        Assert.Equal(0, gateway.Emulator.Gateway.Identifies);
    }

    [Fact]
    public async Task IntentsDiscordDoesNotKnowAreFatalWithAClearMessage()
    {
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { Intents = GatewayIntents.Default | (GatewayIntents)(1 << 30) });

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => gateway.Run.WaitAsync(Deadline));

        Assert.Equal(GatewayCloseCodes.InvalidIntents, error.CloseCode);
        Assert.Contains("invalid intents", error.Message);
        Assert.Equal(0, gateway.Emulator.Gateway.Identifies);
    }

    [Fact]
    public async Task PrivilegedIntentsNotEnabledAreFatal()
    {
        await using var gateway = await GatewayHarness.StartAsync(configure: o => o with { Intents = GatewayIntents.Default | GatewayIntents.MessageContent });

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => gateway.Run.WaitAsync(Deadline));

        Assert.Equal(GatewayCloseCodes.DisallowedIntents, error.CloseCode);
        Assert.Contains("privileged intent", error.Message);
    }

    [Fact]
    public async Task DefaultIntentsCarryNoPrivilegedOne()
    {
        Assert.Equal(GatewayIntents.None, GatewayIntents.Default & GatewayIntents.Privileged);
        Assert.Equal((1 << 0) | (1 << 9) | (1 << 10) | (1 << 12) | (1 << 16), (int)GatewayIntents.Default);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task SendLimiterHoldsTheWindow()
    {
        // A window long enough that a loaded machine's scheduling delays stay far below it.
        var limiter = new GatewaySendLimiter(8, TimeSpan.FromSeconds(2), TimeProvider.System);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await limiter.AcquireAsync(heartbeat: false, CancellationToken.None);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "five sends fit below the limit minus the heartbeat reserve");
        // A heartbeat may still use the reserved slots at once.
        await limiter.AcquireAsync(heartbeat: true, CancellationToken.None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        // The sixth ordinary send waits for the window to move.
        await limiter.AcquireAsync(heartbeat: false, CancellationToken.None);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1950), $"waited only {watch.Elapsed}");
    }
}
