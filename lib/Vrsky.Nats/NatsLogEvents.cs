using Microsoft.Extensions.Logging;

namespace Vrsky.Nats;

/// <summary>Every log line of the client. Templates carry server URLs without credentials, never secrets.</summary>
internal static partial class NatsLogEvents
{
    [LoggerMessage(1, LogLevel.Information, "Connected to NATS server {Url} ({ServerName} {Version})")]
    public static partial void Connected(ILogger logger, string url, string? serverName, string version);

    [LoggerMessage(2, LogLevel.Warning, "Could not connect to NATS server {Url}")]
    public static partial void ConnectFailed(ILogger logger, string url, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Lost connection to NATS server {Url}")]
    public static partial void Disconnected(ILogger logger, string url, Exception? exception);

    [LoggerMessage(4, LogLevel.Information, "Reconnected to NATS server {Url}")]
    public static partial void Reconnected(ILogger logger, string url);

    [LoggerMessage(5, LogLevel.Error, "Giving up reconnecting: no NATS server left to try")]
    public static partial void ReconnectGaveUp(ILogger logger, Exception? exception);

    [LoggerMessage(6, LogLevel.Information, "NATS server {Url} entered lame duck mode; moving to another server")]
    public static partial void LameDuck(ILogger logger, string url);

    [LoggerMessage(7, LogLevel.Warning, "NATS server error: {Error}")]
    public static partial void ServerError(ILogger logger, string error);

    [LoggerMessage(8, LogLevel.Warning, "Slow consumer on {Subject}: pending buffer full, {Dropped} message(s) dropped so far")]
    public static partial void SlowConsumer(ILogger logger, string subject, long dropped);

    [LoggerMessage(9, LogLevel.Warning, "Could not deserialize a message on {Subject} as {Type}; message skipped")]
    public static partial void DeserializeFailed(ILogger logger, string subject, string type, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "No PONG after {PingsOut} PING(s); treating the connection as stale")]
    public static partial void StaleConnection(ILogger logger, int pingsOut);

    [LoggerMessage(11, LogLevel.Debug, "Server pool now holds {Count} server(s) after cluster discovery")]
    public static partial void ServersDiscovered(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Error, "A ConnectionStateChanged/SlowConsumerDetected handler threw")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "NATS server {Url} rejected the credentials; removing it from the pool")]
    public static partial void AuthorizationFailed(ILogger logger, string url);
}
