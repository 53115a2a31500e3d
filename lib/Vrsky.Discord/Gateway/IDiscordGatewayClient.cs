namespace Vrsky.Discord.Gateway;

/// <summary>
/// One Discord gateway session (API v10, JSON): HELLO → IDENTIFY or RESUME → heartbeats, kept alive across drops,
/// op 7 RECONNECT, op 9 INVALID_SESSION and zombie connections. Dispatches arrive through <see cref="ReadEventsAsync"/>.
/// </summary>
public interface IDiscordGatewayClient : IAsyncDisposable
{
    /// <summary>True between READY (or RESUMED) and the next disconnect.</summary>
    bool IsReady { get; }

    /// <summary>The session id from READY, kept for RESUME; null before the first READY or after the session ended.</summary>
    string? SessionId { get; }

    /// <summary>The last dispatch sequence number received (sent in heartbeats and RESUME).</summary>
    long? Sequence { get; }

    /// <summary>
    /// Connects and keeps the session alive until <paramref name="cancellationToken"/> is cancelled. Throws
    /// <see cref="DiscordGatewayException"/> when Discord closes with a fatal code (4004 authentication failed,
    /// 4013/4014 invalid or disallowed intents, …); any other loss reconnects with backoff and resumes where possible.
    /// </summary>
    Task RunAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Dispatch events in order. One reader should drain it; up to <see cref="DiscordOpts.EventBufferCapacity"/> events
    /// queue while nobody reads, then the connection stops reading from Discord until the reader catches up.
    /// </summary>
    IAsyncEnumerable<DiscordEvent> ReadEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once a session is ready (READY or RESUMED).</summary>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken = default);
}
