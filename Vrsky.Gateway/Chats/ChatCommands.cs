using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.Gateway.Chats;

/// <summary>
/// What a member does to a chat, shared by REST and WebSocket: each call has already passed the membership check
/// and returns once RabbitMQ confirmed the publish.
/// </summary>
internal sealed class ChatCommands(ConfirmingPublisher publisher, TimeProvider time)
{
    public ValueTask SendAsync(long userId, long chatId, Guid uuid, string body, string? origin, CancellationToken cancellationToken) =>
        publisher.PublishAsync(ChatTopology.ChatExchange, ChatTopology.MessageKey(chatId),
            new ChatMessageCommand(uuid, chatId, userId, body, time.GetUtcNow(), origin), ChatJson.Context.ChatMessageCommand, cancellationToken);

    public ValueTask MarkReadAsync(long userId, long chatId, long messageId, CancellationToken cancellationToken) =>
        publisher.PublishAsync(ChatTopology.ChatExchange, ChatTopology.ReadKey(chatId),
            new ReadReceipt(chatId, userId, messageId, time.GetUtcNow()), ChatJson.Context.ReadReceipt, cancellationToken);

    /// <summary>Tells every gateway that follows the chat to stop sending it to the removed user's open sockets.</summary>
    public ValueTask MemberRemovedAsync(long userId, long chatId, CancellationToken cancellationToken) =>
        publisher.PublishAsync(ChatTopology.DeliveryExchange, ChatTopology.ChatKey(chatId),
            new DeliveryEvent { Type = DeliveryEventType.MemberRemoved, ChatId = chatId, UserId = userId }, ChatJson.Context.DeliveryEvent, cancellationToken);

    /// <summary>Straight to the gateways: typing is worthless once late, so it skips the queues and the database.</summary>
    public ValueTask TypingAsync(long userId, long chatId, CancellationToken cancellationToken) =>
        publisher.PublishTransientAsync(ChatTopology.DeliveryExchange, ChatTopology.ChatKey(chatId),
            new DeliveryEvent { Type = DeliveryEventType.Typing, ChatId = chatId, UserId = userId }, ChatJson.Context.DeliveryEvent, cancellationToken);

    public ValueTask PresenceAsync(long userId, string deviceId, PresenceSignalKind kind, CancellationToken cancellationToken) =>
        publisher.PublishTransientAsync(ChatTopology.ChatExchange, ChatTopology.PresenceKey,
            new PresenceSignal(userId, deviceId, kind), ChatJson.Context.PresenceSignal, cancellationToken);
}
