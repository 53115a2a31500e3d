using System.Net.WebSockets;
using System.Threading.Channels;

namespace Vrsky.Gateway.Realtime;

/// <summary>
/// One accepted socket: a bounded queue of encoded server frames and the loop that writes them. When the queue
/// is full the client is not keeping up; rather than drop frames it is closed with <see cref="SlowClientStatus"/>.
/// </summary>
internal sealed class ClientConnection(WebSocket socket, long userId, string id, RealtimeOptions options, ILogger logger)
{
    /// <summary>1013 "try again later": the client read too slowly and lost its place.</summary>
    public const WebSocketCloseStatus SlowClientStatus = (WebSocketCloseStatus)1013;

    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendBufferFrames)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private CloseRequest? _close;

    // A full outbox and a completed one both refuse a write; only the first means the client is too slow.
    private volatile bool _ended;

    public long UserId => userId;

    /// <summary>Unique within this gateway; doubles as the presence device id.</summary>
    public string Id => id;

    /// <summary>
    /// Set once the server decided to close. Deliberately not a token to cancel the receive with: cancelling a
    /// pending receive aborts the socket, and the client would never see the close frame and its reason.
    /// </summary>
    public bool IsClosing => _close is not null;

    public void Send(ServerFrame frame) => Send(RealtimeJson.Encode(frame));

    public void Send(byte[] encoded)
    {
        if (!_outbox.Writer.TryWrite(encoded) && _close is null && !_ended)
        {
            Close(SlowClientStatus, $"send buffer of {options.SendBufferFrames} frames overflowed: the client is not reading fast enough");
        }
    }

    /// <summary>Stops sending queued frames and closes the socket with <paramref name="status"/> (first caller wins).</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseRequest(status, reason), null) is null)
        {
            GatewayLog.ServerClosed(logger, id, userId, (int)status, reason);
            _outbox.Writer.TryComplete();
            _ = AbortUnlessClosedAsync();
        }
    }

    // A client that reads nothing never takes the close frame either: it must not hold the socket open.
    private async Task AbortUnlessClosedAsync()
    {
        await Task.Delay(options.CloseTimeout * 2).ConfigureAwait(false);
        if (socket.State != WebSocketState.Closed)
        {
            socket.Abort();
        }
    }

    /// <summary>Writes queued frames until the connection ends, then sends the close frame the server chose, if any.</summary>
    public async Task RunSendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_close is not null)
                {
                    break;
                }

                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket went away; the receive loop sees it too and ends the session.
        }

        if (_close is { } close && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(options.CloseTimeout);
            try
            {
                await socket.CloseOutputAsync(close.Status, close.Reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                socket.Abort();
            }
        }
    }

    /// <summary>Ends the send loop once the session is over; frames dispatched after this are dropped with the socket.</summary>
    public void Complete()
    {
        _ended = true;
        _outbox.Writer.TryComplete();
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason);
}
