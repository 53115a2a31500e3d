namespace Vrsky.Nats;

/// <summary>
/// A connection to a NATS server or cluster: publish, subscribe and request/reply over the
/// NATS client protocol, with reconnect and failover across the server list.
/// Higher layers (JetStream, KV) use only this surface.
/// </summary>
public interface INatsConnection : IAsyncDisposable
{
    /// <summary>Options the connection was created with.</summary>
    NatsOpts Opts { get; }

    /// <summary>Current state: Closed, Connecting, Open, Reconnecting.</summary>
    NatsConnectionState ConnectionState { get; }

    /// <summary>The INFO of the server currently connected to, or null before the first connect.</summary>
    NatsServerInfo? ServerInfo { get; }

    /// <summary>Raised (off the read loop) when the connection opens, is lost, or reconnects.</summary>
    event EventHandler<NatsConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>Connects if not connected yet. Other methods connect on first use too.</summary>
    ValueTask ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Round trip PING/PONG; returns the measured latency.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes a value: byte[], (ReadOnly)Memory&lt;byte&gt; and string as-is (UTF-8), anything else as JSON.
    /// This is the only publish overload, so raw bytes need no special call: pass a byte[] or a
    /// ReadOnlyMemory&lt;byte&gt; (<c>ReadOnlyMemory&lt;byte&gt;.Empty</c> for an empty payload).
    /// </summary>
    ValueTask PublishAsync<T>(string subject, T data, NatsHeaders? headers = null, string? replyTo = null, NatsPubOpts? opts = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes and yields messages until the enumeration ends, the subscription's
    /// <see cref="NatsSubOpts.MaxMsgs"/> is reached, or the token is cancelled; then unsubscribes.
    /// </summary>
    IAsyncEnumerable<NatsMsg<T>> SubscribeAsync<T>(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken cancellationToken = default);

    /// <summary>Subscribes and returns the subscription handle (a bounded channel reader of messages).</summary>
    ValueTask<INatsSub<T>> SubscribeCoreAsync<T>(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request through the shared inbox and awaits one reply.
    /// Throws <see cref="NatsNoRespondersException"/> on a 503 status and <see cref="NatsTimeoutException"/> on timeout.
    /// </summary>
    ValueTask<NatsMsg<TReply>> RequestAsync<TRequest, TReply>(string subject, TRequest data, NatsHeaders? headers = null, NatsRequestOpts? opts = null, CancellationToken cancellationToken = default);

    /// <summary>A new unique inbox subject under the connection's inbox prefix.</summary>
    string NewInbox();

    /// <summary>Writes everything buffered and waits for the server's PONG.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Graceful close: unsubscribes, lets in-flight messages be handled, flushes, closes.</summary>
    ValueTask DrainAsync(CancellationToken cancellationToken = default);
}
