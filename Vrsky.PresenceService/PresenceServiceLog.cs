namespace Vrsky.PresenceService;

internal static partial class PresenceServiceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Wrote a batch of {Count} read receipts ({Moved} read cursors moved)")]
    public static partial void BatchWritten(ILogger logger, int count, int moved);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Writing a batch of {Count} read receipts failed; it returns to the queue")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Announcing read receipts failed")]
    public static partial void AnnounceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "User {UserId} online: {Online}")]
    public static partial void PresenceChanged(ILogger logger, long userId, bool online);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Applying a presence signal of user {UserId} failed; it will be redelivered")]
    public static partial void SignalFailed(ILogger logger, Exception exception, long userId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Presence sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Writing a batch of {Count} read receipts failed transiently; retrying in {Delay}")]
    public static partial void BatchRetrying(ILogger logger, Exception exception, int count, TimeSpan delay);
}
