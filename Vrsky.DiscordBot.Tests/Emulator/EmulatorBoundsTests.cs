using System.Net.WebSockets;
using System.Text;
using Vrsky.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.Emulator;

/// <summary>The emulator stays bounded in a long local run and refuses malformed IDENTIFY/RESUME with close codes instead of throwing.</summary>
public sealed class EmulatorBoundsTests
{
    private const string Intents = "513";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("""{"op":2,"d":{"token":123,"intents":513}}""", 4002)]
    [InlineData("""{"op":2,"d":{"token":{"nested":true},"intents":513}}""", 4002)]
    [InlineData("""{"op":2,"d":"not an object"}""", 4002)]
    [InlineData("""{"op":2,"d":{"token":"emulator-token","intents":"513"}}""", 4013)]
    [InlineData("""{"op":2,"d":{"token":"wrong","intents":513}}""", 4004)]
    [InlineData("""{"op":6,"d":{"token":42,"session_id":"x","seq":1}}""", 4002)]
    [InlineData("""{"op":6,"d":{"token":"emulator-token","session_id":7,"seq":1}}""", 4002)]
    [InlineData("""{"op":6,"d":{"token":"emulator-token","session_id":"x","seq":"1"}}""", 4002)]
    public async Task MalformedIdentifyOrResumeClosesWithACode(string payload, int code)
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        using var socket = await ConnectAsync(emulator);

        await SendAsync(socket, payload);

        Assert.Equal(code, (int?)await ReadUntilClosedAsync(socket));
        // The emulator is still fine: a proper IDENTIFY gets READY.
        using var next = await ConnectAsync(emulator);
        await SendAsync(next, Identify(emulator));
        Assert.Contains("\"READY\"", await ReadTextAsync(next), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionsBeyondTheLimitAreForgottenOldestFirst()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { MaxSessions = 3 });
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < 5; i++)
        {
            var socket = await ConnectAsync(emulator);
            sockets.Add(socket);
            await SendAsync(socket, Identify(emulator));
            Assert.Contains("\"READY\"", await ReadTextAsync(socket), StringComparison.Ordinal);
        }

        Assert.Equal(3, emulator.Gateway.SessionCount);
        // The two oldest were closed; the latest three still get dispatches.
        await Eventually.WaitAsync(() => emulator.Gateway.ConnectedSessions == 3, Deadline, "three connected sessions");
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task ADisconnectedSessionNotResumedWithinTheWindowIsForgotten()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { SessionResumeWindow = TimeSpan.FromMinutes(5) }, time: clock);
        using (var first = await ConnectAsync(emulator))
        {
            await SendAsync(first, Identify(emulator));
            await ReadTextAsync(first);
        }

        emulator.Gateway.DropConnections();
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var second = await ConnectAsync(emulator);
        await SendAsync(second, Identify(emulator));
        await ReadTextAsync(second);

        Assert.Equal(1, emulator.Gateway.SessionCount);
    }

    [Fact]
    public async Task InteractionsBeyondTheLimitAreForgottenOldestFirst()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { MaxInteractions = 5 });
        var guild = emulator.Options.GuildIds[0];
        var records = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            records.Add((await emulator.InvokeCommandAsync(guild, "700000000000000042", "leaderboard")).Interaction.Id);
        }

        Assert.Equal(records[3..].Order(StringComparer.Ordinal), emulator.State.Interactions.Select(i => i.Interaction.Id).Order(StringComparer.Ordinal));
        Assert.Null(emulator.State.Interaction(records[0]));
    }

    private static string Identify(DiscordEmulator.DiscordEmulator emulator) =>
        "{\"op\":2,\"d\":{\"token\":\"" + emulator.Options.Token + "\",\"intents\":" + Intents + ",\"properties\":{}}}";

    private static async Task<ClientWebSocket> ConnectAsync(DiscordEmulator.DiscordEmulator emulator)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(emulator.GatewayUrl, timeout.Token);
        Assert.Contains("\"op\":10", await ReadTextAsync(socket), StringComparison.Ordinal);
        return socket;
    }

    private static async Task SendAsync(ClientWebSocket socket, string payload)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.SendAsync(Encoding.UTF8.GetBytes(payload), WebSocketMessageType.Text, true, timeout.Token);
    }

    private static async Task<string> ReadTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static async Task<WebSocketCloseStatus?> ReadUntilClosedAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        return socket.CloseStatus;
    }
}
