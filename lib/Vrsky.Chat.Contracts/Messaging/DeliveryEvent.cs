namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// What gateways fan out to the connected members of <see cref="ChatId"/>; published on <c>delivery.topic</c>
/// with routing key <c>chat.{chatId}</c>. Which fields are set depends on <see cref="Type"/>.
/// </summary>
public sealed record DeliveryEvent
{
    public required DeliveryEventType Type { get; init; }

    public required long ChatId { get; init; }

    /// <summary><see cref="DeliveryEventType.Message"/>: the stored message.</summary>
    public StoredMessage? Message { get; init; }

    /// <summary><see cref="DeliveryEventType.Message"/>: the socket that sent it (gets <c>Delivered</c> instead of <c>Message</c>).</summary>
    public string? Origin { get; init; }

    /// <summary>Read, typing, presence and member removal: whose event it is.</summary>
    public long? UserId { get; init; }

    /// <summary><see cref="DeliveryEventType.Read"/>: read up to this message.</summary>
    public long? MessageId { get; init; }

    /// <summary><see cref="DeliveryEventType.Presence"/>: online while any device of the user is connected.</summary>
    public bool? Online { get; init; }
}

public enum DeliveryEventType
{
    Message,
    Read,
    Typing,
    Presence,

    /// <summary><see cref="DeliveryEvent.UserId"/> left the chat: gateways stop sending it to that user's sockets.</summary>
    MemberRemoved,
}

/// <summary>A message as stored: <see cref="Seq"/> increases by one per chat.</summary>
public sealed record StoredMessage(long Id, long ChatId, long Seq, long SenderId, Guid Uuid, string Body, DateTimeOffset CreatedAt);
