namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>Span attributes the chat services add next to the messaging conventions: ids only, never message bodies.</summary>
public static class ChatActivityTags
{
    public const string ChatId = "vrsky.chat.id";
    public const string MessageSeq = "vrsky.chat.message.seq";
    public const string EventType = "vrsky.chat.event";
    public const string BatchSize = "vrsky.batch.size";
}
