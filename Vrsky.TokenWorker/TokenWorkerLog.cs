using Microsoft.Extensions.Logging;

namespace Vrsky.TokenWorker;

/// <summary>
/// Every log line of the token worker. Templates carry identifiers (request id, client id, subject) and outcomes, never
/// a client secret, an access token or a request payload.
/// </summary>
internal static partial class TokenWorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Listening on '{Subject}' in queue group '{QueueGroup}' as '{ClientName}', {MaxConcurrency} requests at once, token endpoint {TokenEndpoint}")]
    public static partial void Listening(ILogger logger, string subject, string queueGroup, string clientName, int maxConcurrency, Uri tokenEndpoint);

    [LoggerMessage(2, LogLevel.Warning, "Rejected request {RequestId}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string? requestId, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Token for request {RequestId} (client {ClientId}) from {Source} in {ElapsedMs:0.0} ms")]
    public static partial void TokenIssued(ILogger logger, string? requestId, string clientId, string source, double elapsedMs);

    [LoggerMessage(4, LogLevel.Information, "Request {RequestId} (client {ClientId}) failed: {Error} (status {Status})")]
    public static partial void RequestFailed(ILogger logger, string? requestId, string clientId, string error, int status);

    [LoggerMessage(5, LogLevel.Warning, "Token endpoint attempt {Attempt} for client {ClientId} failed ({Reason}); retrying in {DelayMs:0} ms")]
    public static partial void IdpAttemptFailed(ILogger logger, int attempt, string clientId, string reason, double delayMs);

    [LoggerMessage(6, LogLevel.Warning, "Token endpoint unavailable for client {ClientId} after {Attempts} attempt(s): {Reason}")]
    public static partial void IdpUnavailable(ILogger logger, string clientId, int attempts, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Dropped a message on '{Subject}' without a reply subject")]
    public static partial void NoReplySubject(ILogger logger, string subject);

    [LoggerMessage(8, LogLevel.Error, "Could not publish the reply to request {RequestId}")]
    public static partial void ReplyFailed(ILogger logger, string? requestId, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Draining: no new requests are taken, {InFlight} in flight")]
    public static partial void Draining(ILogger logger, int inFlight);

    [LoggerMessage(10, LogLevel.Information, "Drained: every taken request was answered")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "Drain timed out after {Timeout} with {InFlight} request(s) still in flight")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan timeout, int inFlight);

    [LoggerMessage(12, LogLevel.Error, "Request {RequestId} failed unexpectedly")]
    public static partial void RequestCrashed(ILogger logger, string? requestId, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "The request subscription ended with an error")]
    public static partial void SubscriptionFailed(ILogger logger, Exception exception);
}
