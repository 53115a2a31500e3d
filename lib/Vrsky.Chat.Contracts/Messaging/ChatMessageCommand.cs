namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// A message a user sent, on its way to the chat service. <see cref="Origin"/> names the socket it came from
/// (<c>{gatewayId}/{connectionId}</c>) so that gateway can answer <c>Delivered</c> to that socket alone.
/// </summary>
public sealed record ChatMessageCommand(Guid Uuid, long ChatId, long SenderId, string Body, DateTimeOffset SentAt, string? Origin = null);
