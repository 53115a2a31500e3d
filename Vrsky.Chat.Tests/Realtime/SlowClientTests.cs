using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;
using Vrsky.Hosting.Testing;
using Xunit.Abstractions;

namespace Vrsky.Chat.Tests.Realtime;

/// <summary>
/// The gateway's slow-client rule over real sockets: a client that stops reading is closed with 1013 and a reason
/// (and the gateway logs it) instead of losing frames silently, while the rest of its chat keeps receiving.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class SlowClientTests(ChatFixture fixture, ITestOutputHelper output)
{
    // A short outbox and a long close grace keep the run short and let a loaded machine take its time reading.
    private const int SendBufferFrames = 16;
    private const int MaxMessages = 5_000;
    private static readonly string Body = new('x', 4_000);

    [Fact]
    public async Task AClientThatStopsReadingIsClosedWith1013AfterAGapFreePrefixWhileTheChatKeepsReceiving()
    {
        await using var gateway = await StartGatewayAsync();
        var gatewayUri = new Uri($"http://127.0.0.1:{gateway.Port}");
        var users = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        }

        var (sender, slow, neighbour, remote) = (users[0], users[1], users[2], users[3]);
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, sender, slow, neighbour, remote);
        await using var senderSocket = await SocketClient.ConnectAsync(gatewayUri, sender.AccessToken);
        await using var neighbourSocket = await SocketClient.ConnectAsync(gatewayUri, neighbour.AccessToken);
        await using var remoteSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], remote.AccessToken);
        using var stalled = await StalledClient.ConnectAsync(gatewayUri, slow.AccessToken);

        // Batches confirmed one by one until the gateway reports the close, then one more: the chat goes on.
        var sent = new List<Guid>();
        bool CloseLogged() => gateway.Output.Any(l => l.Contains($"user {slow.Id} closed with 1013", StringComparison.Ordinal));
        while (!CloseLogged() && sent.Count < MaxMessages)
        {
            sent.AddRange(await SendBatchAsync(senderSocket, chatId));
        }

        Assert.True(CloseLogged(), $"no slow-client close logged after {sent.Count} messages of {Body.Length} characters");
        sent.AddRange(await SendBatchAsync(senderSocket, chatId));

        // Both other readers, on the slow client's gateway and on another replica, got every message in order.
        foreach (var reader in new[] { neighbourSocket, remoteSocket })
        {
            var messages = new List<JsonElement>();
            while (messages.Count < sent.Count)
            {
                messages.Add(await reader.WaitForAsync(f => SocketClient.Type(f) == "Message", TimeSpan.FromSeconds(60)));
            }

            Assert.Equal(sent, messages.Select(m => m.GetProperty("uuid").GetGuid()));
            Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), messages.Select(m => m.GetProperty("seq").GetInt64()));
        }

        // The stalled client reads again: what it got is the start of the chat without a hole, then the close.
        var (received, status, reason) = await stalled.DrainAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"closed after {sent.Count} messages were sent; the stalled client had {received.Count} of them");
        Assert.Equal((WebSocketCloseStatus)1013, status);
        Assert.Equal($"send buffer of {SendBufferFrames} frames overflowed: the client is not reading fast enough", reason);
        Assert.InRange(received.Count, SendBufferFrames, sent.Count - 1);
        Assert.Equal(sent.Take(received.Count), received.Select(m => m.GetProperty("uuid").GetGuid()));
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(m => m.GetProperty("seq").GetInt64()));
    }

    private static async Task<List<Guid>> SendBatchAsync(SocketClient sender, long chatId)
    {
        var batch = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        foreach (var uuid in batch)
        {
            await sender.SendAsync(new { type = "SendMessage", uuid, chatId, body = Body });
        }

        await sender.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == batch[^1], TimeSpan.FromSeconds(60));
        return batch;
    }

    /// <summary>A gateway of its own, to give the rule a short outbox, beside the fixture's two replicas.</summary>
    private async Task<ServiceProcess> StartGatewayAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__chat"] = (await fixture.App.GetConnectionStringAsync("chat"))!,
            ["ConnectionStrings__rabbitmq"] = (await fixture.App.GetConnectionStringAsync("rabbitmq"))!,
            ["ConnectionStrings__redis"] = (await fixture.App.GetConnectionStringAsync("redis"))!,
            ["Realtime__SendBufferFrames"] = SendBufferFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Realtime__CloseTimeout"] = "00:05:00",
            ["RateLimits__MessagesPerSecond"] = "100000",
            ["RateLimits__ConnectsPerMinute"] = "1000",
        };
        return await ServiceProcess.StartAsync("Vrsky.Gateway", environment);
    }

    /// <summary>
    /// A WebSocket client on a socket with a small receive buffer that reads nothing until told to: once its own
    /// and the gateway's socket buffers are full, the gateway's writes to it stall for real.
    /// </summary>
    private sealed class StalledClient(ClientWebSocket socket) : IDisposable
    {
        public static async Task<StalledClient> ConnectAsync(Uri gateway, string token)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                    await raw.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(raw, ownsSocket: true);
                },
            };
            var socket = new ClientWebSocket();
            socket.Options.HttpVersion = HttpVersion.Version11;
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = "/v1/ws" }.Uri, new HttpMessageInvoker(handler, disposeHandler: false), CancellationToken.None);

            // The gateway joins the user's chats before it reads the first frame: a Pong proves they are joined.
            var client = new StalledClient(socket);
            await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"Ping"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (await client.ReceiveAsync(timeout.Token) is { } frame && SocketClient.Type(frame) != "Pong")
            {
            }

            return client;
        }

        /// <summary>Reads everything queued for it up to the server's close; returns the Message frames and the close.</summary>
        public async Task<(List<JsonElement> Messages, WebSocketCloseStatus? Status, string? Reason)> DrainAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var messages = new List<JsonElement>();
            while (await ReceiveAsync(deadline.Token) is { } frame)
            {
                if (SocketClient.Type(frame) == "Message")
                {
                    messages.Add(frame);
                }
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", deadline.Token);
            return (messages, socket.CloseStatus, socket.CloseStatusDescription);
        }

        /// <summary>The next text frame, or null once the server sent its close frame.</summary>
        private async Task<JsonElement?> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken);
                buffer.Write(chunk, 0, result.Count);
            }
            while (!result.EndOfMessage);

            return result.MessageType == WebSocketMessageType.Close ? null : JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }

        public void Dispose() => socket.Dispose();
    }
}
