using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;

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

        // 200 ms interval: five heartbeats within about a second, and the session stays up on their ACKs.
        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Heartbeats >= 5, Deadline, "five heartbeats");
        Assert.True(gateway.Client.IsReady);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
    }

    [Fact]
    public async Task ResumesAfterTheConnectionDropsAndGetsTheEventsItMissed()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var guildId = gateway.Emulator.Options.GuildIds[0];

        Vrsky.DiscordEmulator.State.InteractionRecord missed;
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
    public async Task InvalidSessionThatCannotResumeIdentifiesAgain()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var first = gateway.Client.SessionId;

        await gateway.Emulator.Gateway.InvalidateSessionsAsync(resumable: false);

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Identifies == 2 && gateway.Client.IsReady, Deadline, "identified again");
        Assert.NotEqual(first, gateway.Client.SessionId);
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
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
