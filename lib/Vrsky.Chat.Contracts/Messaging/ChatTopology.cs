using RabbitMQ.Client;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// The RabbitMQ names every chat service shares, and their declaration. Declarations are idempotent, so each
/// service declares everything it touches at start and the start order does not matter.
/// </summary>
public static class ChatTopology
{
    /// <summary>Topic exchange the gateway publishes commands to (messages, read receipts, presence signals).</summary>
    public const string ChatExchange = "chat.topic";

    /// <summary>Topic exchange for events fanned out to gateways; routing key <c>chat.{chatId}</c>.</summary>
    public const string DeliveryExchange = "delivery.topic";

    /// <summary>Where rejected and over-delivered commands go, kept for inspection.</summary>
    public const string DeadLetterExchange = "chat.dlx";

    public const string MessagesQueue = "chat.messages";
    public const string ReadReceiptsQueue = "read.receipts";
    public const string PresenceQueue = "presence.signals";
    public const string DeadLetterQueue = "chat.dead-letters";

    /// <summary>A command is delivered at most this many times before it is dead-lettered (quorum queues count redeliveries).</summary>
    public const int DeliveryLimit = 5;

    public static string MessageKey(long chatId) => $"message.{chatId}";

    public static string ReadKey(long chatId) => $"read.{chatId}";

    public const string PresenceKey = "presence.signal";

    /// <summary>Delivery-exchange routing key for every event about one chat.</summary>
    public static string ChatKey(long chatId) => $"chat.{chatId}";

    /// <summary>Declares the exchanges and the shared work queues (not the per-gateway delivery queues).</summary>
    public static async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken = default)
    {
        await channel.ExchangeDeclareAsync(ChatExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(DeliveryExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "", cancellationToken: cancellationToken).ConfigureAwait(false);

        await DeclareWorkQueueAsync(channel, MessagesQueue, "message.*", cancellationToken).ConfigureAwait(false);
        await DeclareWorkQueueAsync(channel, ReadReceiptsQueue, "read.*", cancellationToken).ConfigureAwait(false);
        await DeclareWorkQueueAsync(channel, PresenceQueue, PresenceKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Quorum queues survive a broker restart, count redeliveries and dead-letter past the limit.</summary>
    private static async Task DeclareWorkQueueAsync(IChannel channel, string queue, string bindingKey, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-dead-letter-exchange"] = DeadLetterExchange,
            ["x-delivery-limit"] = DeliveryLimit,
        };
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, ChatExchange, bindingKey, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
