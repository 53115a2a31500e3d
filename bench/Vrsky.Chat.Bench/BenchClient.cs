using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Vrsky.Chat.Bench;

/// <summary>One benchmark socket: records when each Message and Pong arrives, keyed by the sender's uuid/ref.</summary>
internal sealed class BenchClient(ClientWebSocket socket, long chatId, LatencyLog log)
{
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public long ChatId => chatId;

    public static async Task<BenchClient> ConnectAsync(Uri gateway, string token, long chatId, LatencyLog log)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = "/v1/ws" }.Uri, CancellationToken.None);
        var client = new BenchClient(socket, chatId, log);
        _ = client.ReadLoopAsync();
        return client;
    }

    /// <summary>One send at a time: a socket allows a single outstanding send.</summary>
    public async Task SendAsync(string json)
    {
        await _sendGate.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    log.Closed(socket.CloseStatusDescription);
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                using var frame = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                var root = frame.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "Message":
                        log.Arrived(root.GetProperty("uuid").GetString()!, now);
                        break;
                    case "Delivered":
                        log.ConfirmArrived(root.GetProperty("uuid").GetString()!, now);
                        break;
                    case "Pong":
                        log.PongArrived(root.GetProperty("ref").GetString()!, now);
                        break;
                    case "Error":
                        log.Error(root.GetProperty("code").GetString()!);
                        break;
                }
            }
        }
        catch (WebSocketException)
        {
            log.Closed("aborted");
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
    }
}
