namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>User <see cref="UserId"/> has read chat <see cref="ChatId"/> up to and including message <see cref="MessageId"/>.</summary>
public sealed record ReadReceipt(long ChatId, long UserId, long MessageId, DateTimeOffset ReadAt);
