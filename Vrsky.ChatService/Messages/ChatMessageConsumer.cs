using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Chat.Contracts.Storage;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.ChatService.Messages;

/// <summary>
/// Competing consumer of <c>chat.messages</c>: stores the message, publishes its delivery event (confirmed), then
/// acks. A crash anywhere before the ack redelivers the command; the store recognises its uuid and the event is
/// published again, so nothing is lost and nothing is stored twice. Different chats are worked on concurrently,
/// one chat's commands one after another in queue order (each waits for the previous one's confirmed event), so
/// this process publishes a chat's events in sequence order. Across replicas the gateway restores that order.
/// While the database or broker is down a command is held and retried in process (<see cref="TransientRetry"/>),
/// so an outage of tens of seconds neither spends its delivery limit nor dead-letters it.
/// </summary>
internal sealed class ChatMessageConsumer(MessageStore store, ConfirmingPublisher publisher, RabbitMQConnectionProvider rabbit, ILogger<ChatMessageConsumer> logger)
    : WorkQueueConsumer<ChatMessageCommand>(rabbit, logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override string Queue => ChatTopology.MessagesQueue;

    // Enough stores at once to keep PostgreSQL and the broker busy while each waits on a round trip, few enough
    // not to queue on the connection pool or the two cores; the prefetch lets a chat stalled on its row lock
    // hold some deliveries without starving every other chat, and leaves other replicas their share.
    protected override int MaxConcurrency => 16;

    protected override ushort Prefetch => 256;

    protected override long? OrderingKey(ChatMessageCommand command) => command.ChatId;

    protected override JsonTypeInfo<ChatMessageCommand> TypeInfo => ChatJson.Context.ChatMessageCommand;

    protected override ActivitySource ActivitySource => ChatServiceTelemetry.Source;

    protected override async Task OnMessageAsync(ChatMessageCommand command, ulong deliveryTag, CancellationToken cancellationToken)
    {
        var activity = Activity.Current;
        activity?.SetTag(ChatActivityTags.ChatId, command.ChatId);
        // The gateway checks bodies too; this guards the store against anything else that publishes commands.
        if (!MessageLimits.IsValidBody(command.Body))
        {
            activity?.SetStatus(ActivityStatusCode.Error, "invalid body");
            ChatServiceLog.RejectedBody(logger, command.ChatId, command.Body.Length);
            await RejectAsync(deliveryTag).ConfigureAwait(false);
            return;
        }

        StoredMessage? stored;
        try
        {
            stored = await TransientRetry.RunAsync(ct => StoreAndAnnounceAsync(command, ct),
                (e, delay) => ChatServiceLog.StoreRetrying(logger, e, command.ChatId, delay), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && DatabaseErrors.IsPermanent(e))
        {
            activity.RecordFailure(e);
            ChatServiceLog.PermanentFailure(logger, e, command.ChatId);
            await RejectAsync(deliveryTag).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not known to pass on another attempt, or still failing past the retry budget: back off, then let the
            // queue redeliver (bounded by its delivery limit).
            activity.RecordFailure(e);
            ChatServiceLog.StoreFailed(logger, e, command.ChatId);
            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            await RequeueAsync(deliveryTag).ConfigureAwait(false);
            return;
        }

        if (stored is null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "sender is not a member");
            ChatServiceLog.NotAMember(logger, command.SenderId, command.ChatId);
            await RejectAsync(deliveryTag).ConfigureAwait(false);
            return;
        }

        activity?.SetTag(ChatActivityTags.MessageSeq, stored.Seq);
        await AckAsync(deliveryTag).ConfigureAwait(false);
        ChatServiceLog.Stored(logger, stored.ChatId, stored.Seq);
    }

    /// <summary>Stores the message and publishes its delivery event; null when the sender may not post to the chat.</summary>
    private async Task<StoredMessage?> StoreAndAnnounceAsync(ChatMessageCommand command, CancellationToken cancellationToken)
    {
        var stored = await store.StoreAsync(command, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            var delivery = new DeliveryEvent { Type = DeliveryEventType.Message, ChatId = stored.ChatId, Message = stored, Origin = command.Origin };
            await publisher.PublishAsync(ChatTopology.DeliveryExchange, ChatTopology.ChatKey(stored.ChatId), delivery, ChatJson.Context.DeliveryEvent, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }
}
