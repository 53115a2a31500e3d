using Microsoft.Extensions.Logging;

namespace Vrsky.Discord;

/// <summary>Every log line of the library. Templates never carry the token or interaction tokens.</summary>
internal static partial class DiscordLogEvents
{
    [LoggerMessage(1, LogLevel.Information, "Gateway connecting to {Host} ({Kind})")]
    public static partial void GatewayConnecting(ILogger logger, string host, string kind);

    [LoggerMessage(2, LogLevel.Information, "Gateway session ready: {SessionId}, {GuildCount} guilds")]
    public static partial void GatewayReady(ILogger logger, string sessionId, int guildCount);

    [LoggerMessage(3, LogLevel.Information, "Gateway session resumed at sequence {Sequence}")]
    public static partial void GatewayResumed(ILogger logger, long sequence);

    [LoggerMessage(4, LogLevel.Warning, "Gateway heartbeat not acknowledged; closing the zombie connection and resuming")]
    public static partial void GatewayZombie(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "Gateway connection lost ({CloseCode} {Reason}); reconnecting in {Delay}")]
    public static partial void GatewayLost(ILogger logger, int? closeCode, string reason, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Information, "Gateway asked to reconnect (op 7)")]
    public static partial void GatewayReconnectRequested(ILogger logger);

    [LoggerMessage(7, LogLevel.Warning, "Gateway session invalidated (resumable: {Resumable})")]
    public static partial void GatewayInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(8, LogLevel.Critical, "Gateway closed with fatal code {CloseCode}: {Message}")]
    public static partial void GatewayFatal(ILogger logger, int closeCode, string message);

    [LoggerMessage(9, LogLevel.Warning, "Gateway payload refused: {Reason}")]
    public static partial void GatewayBadPayload(ILogger logger, string reason);

    [LoggerMessage(20, LogLevel.Warning, "Discord rate limit on {Route} ({Scope}): retrying after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, string route, string scope, TimeSpan retryAfter);

    [LoggerMessage(21, LogLevel.Warning, "Discord {Route} answered {Status}; attempt {Attempt} of {MaxAttempts}")]
    public static partial void ServerError(ILogger logger, string route, int status, int attempt, int maxAttempts);
}
