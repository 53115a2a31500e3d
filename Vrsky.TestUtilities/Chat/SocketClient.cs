using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Vrsky.TestUtilities;

/// <summary>A WebSocket client that collects every server frame, so tests can wait for the one they expect.</summary>
public sealed class SocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _seen = [];
    private Task _reader = Task.CompletedTask;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public Task Closed => _reader;

    public static async Task<SocketClient> ConnectAsync(Uri gateway, string token, bool viaQuery = false)
    {
        var client = new SocketClient();
        var uri = new UriBuilder(gateway) { Scheme = "ws", Path = "/v1/ws", Query = viaQuery ? $"token={token}" : "" }.Uri;
        if (!viaQuery)
        {
            client._socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._reader = client.ReadLoopAsync();
        // The gateway joins the user's chats before it reads the first frame: a Pong proves they are joined.
        await client.SendAsync(new { type = "Ping" });
        await client.WaitForAsync(f => Type(f) == "Pong");
        return client;
    }

    public static string? Type(JsonElement frame) => frame.TryGetProperty("type", out var t) ? t.GetString() : null;

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame, JsonSerializerOptions.Web));

    public Task SendTextAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The first frame (not yet taken) that matches; frames before it are kept for later waits.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        lock (_seen)
        {
            var index = _seen.FindIndex(f => match(f));
            if (index >= 0)
            {
                var found = _seen[index];
                _seen.RemoveAt(index);
                return found;
            }
        }

        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(cts.Token);
                if (match(frame))
                {
                    return frame;
                }

                lock (_seen)
                {
                    _seen.Add(frame);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching frame; seen: {string.Join(", ", _seen.Select(f => f.GetRawText()).TakeLast(10))}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Socket closed ({CloseStatus} {CloseDescription}) before a matching frame arrived.");
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                _frames.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
            }
        }
        catch (WebSocketException)
        {
            // Aborted: the frames so far stay readable.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        await _reader;
        _socket.Dispose();
    }
}
