namespace Vrsky.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rejected an invalid access token on {Path}")]
    public static partial void InvalidToken(ILogger logger, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rate limit {Policy} reached")]
    public static partial void RateLimited(ILogger logger, string policy);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Delivery queue {Queue} is consuming")]
    public static partial void DeliveryQueueReady(ILogger logger, string queue);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Dropped a malformed delivery event of {Bytes} bytes")]
    public static partial void MalformedDelivery(ILogger logger, int bytes);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Bad frame from user {UserId}: {Code}")]
    public static partial void BadFrame(ILogger logger, long userId, string code);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Could not report the disconnect of a device of user {UserId}")]
    public static partial void PresenceSignalFailed(ILogger logger, Exception exception, long userId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Connection {ConnectionId} of user {UserId} closed with {Status}: {Reason}")]
    public static partial void ServerClosed(ILogger logger, string connectionId, long userId, int status, string reason);
}
