namespace Vrsky.ChatService;

internal static partial class ChatServiceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Stored message {Seq} of chat {ChatId}")]
    public static partial void Stored(ILogger logger, long chatId, long seq);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Dead-lettered a message from user {UserId} who is not a member of chat {ChatId}")]
    public static partial void NotAMember(ILogger logger, long userId, long chatId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Dead-lettered a message for chat {ChatId} with an invalid body of {Length} characters")]
    public static partial void RejectedBody(ILogger logger, long chatId, int length);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Storing a message for chat {ChatId} failed; it will be redelivered")]
    public static partial void StoreFailed(ILogger logger, Exception exception, long chatId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Dead-lettered a message for chat {ChatId} that the database cannot store")]
    public static partial void PermanentFailure(ILogger logger, Exception exception, long chatId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Storing a message for chat {ChatId} failed transiently; retrying in {Delay}")]
    public static partial void StoreRetrying(ILogger logger, Exception exception, long chatId, TimeSpan delay);
}
