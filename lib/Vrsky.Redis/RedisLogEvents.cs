using Microsoft.Extensions.Logging;

namespace Vrsky.Redis;

/// <summary>Every log line of the client. Templates carry host:port, never credentials or values.</summary>
internal static partial class RedisLogEvents
{
    [LoggerMessage(1, LogLevel.Information, "Connected to Redis {Endpoint} ({Purpose})")]
    public static partial void Connected(ILogger logger, string endpoint, string purpose);

    [LoggerMessage(2, LogLevel.Warning, "Could not connect to Redis {Endpoint} ({Purpose})")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string purpose, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Lost connection to Redis {Endpoint} ({Purpose}); {Pending} command(s) failed without a reply")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string purpose, int pending, Exception? exception);

    [LoggerMessage(4, LogLevel.Information, "Reconnected to Redis {Endpoint} ({Purpose}) after {Attempts} attempt(s)")]
    public static partial void Reconnected(ILogger logger, string endpoint, string purpose, int attempts);

    [LoggerMessage(5, LogLevel.Warning, "Subscription to {Channel} is not keeping up: {Dropped} message(s) dropped so far")]
    public static partial void SlowSubscriber(ILogger logger, string channel, long dropped);

    [LoggerMessage(6, LogLevel.Warning, "Redis pub/sub connection got an error reply: {Error}")]
    public static partial void SubscriberError(ILogger logger, string error);

    [LoggerMessage(7, LogLevel.Error, "Redis sent a reply nobody was waiting for; dropping the connection")]
    public static partial void UnexpectedReply(ILogger logger);
}
