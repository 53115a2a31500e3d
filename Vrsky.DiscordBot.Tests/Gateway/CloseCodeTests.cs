using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator.Gateway;

namespace Vrsky.DiscordBot.Tests.Gateway;

/// <summary>Close codes that are not fatal: most resume the session, 4009 (session timed out) starts a new one; retries back off.</summary>
public sealed class CloseCodeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AnUnknownErrorCloseResumesTheSameSession()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var session = gateway.Client.SessionId;

        await gateway.Emulator.Gateway.CloseConnectionsAsync(4000, "Unknown error.");

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Resumes == 1 && gateway.Client.IsReady, Deadline, "resumed");
        Assert.Equal(1, gateway.Emulator.Gateway.Identifies);
        Assert.Equal(session, gateway.Client.SessionId);
    }

    [Fact]
    public async Task ASessionTimedOutCloseIdentifiesAnew()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var session = gateway.Client.SessionId;

        await gateway.Emulator.Gateway.CloseConnectionsAsync(4009, "Session timed out.");

        await Eventually.WaitAsync(() => gateway.Emulator.Gateway.Identifies == 2 && gateway.Client.IsReady, Deadline, "identified again");
        Assert.Equal(0, gateway.Emulator.Gateway.Resumes);
        Assert.NotEqual(session, gateway.Client.SessionId);
    }

    [Fact]
    public async Task ReconnectsThatKeepFailingWaitLongerEachTimeThenResume()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.WaitReadyAsync();
        var hub = gateway.Emulator.Gateway;
        var before = hub.Seen.Count(e => e.What == GatewayLogEntry.Connect);

        hub.CloseNewConnectionsWith = 4000;
        await hub.CloseConnectionsAsync(4000, "Unknown error.");
        List<GatewayLogEntry> Attempts() => [.. hub.Seen.Where(e => e.What == GatewayLogEntry.Connect).Skip(before)];
        await Eventually.WaitAsync(() => Attempts().Count >= 4, Deadline, "four reconnect attempts");
        hub.CloseNewConnectionsWith = null;

        // The first two attempts follow a session that was ready; then 1 s and 2 s, each with up to half taken off as jitter.
        var attempts = Attempts();
        Assert.True(attempts[2].Since(attempts[1]) >= TimeSpan.FromSeconds(0.45), $"third attempt {attempts[2].Since(attempts[1])} after the second");
        Assert.True(attempts[3].Since(attempts[2]) >= TimeSpan.FromSeconds(0.95), $"fourth attempt {attempts[3].Since(attempts[2])} after the third");
        await Eventually.WaitAsync(() => gateway.Client.IsReady, Deadline, "ready again");
        Assert.Equal(1, hub.Identifies);
        Assert.Equal(1, hub.Resumes);
    }
}
