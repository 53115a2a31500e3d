using Microsoft.Extensions.Options;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// How a worker processes one message, with every step recorded in <c>message_state</c>: RECEIVED, then
/// PROCESSING per attempt; COMPLETED on success; after a failure RETRY (the entry waits in <c>retry_queue</c> for
/// the configured delay: 1 s, 2 s, 4 s), and once every retry failed DEAD_LETTER, with the message and its last
/// error in <c>dead_letter_queue</c> for the DLQ API to show, replay or discard.
/// </summary>
public sealed class MessageLifecycle(PlatformStores stores, IOptions<PlatformOptions> options, TimeProvider time)
{
    private const int MaxErrorLength = 1000;

    public async Task<string> ProcessAsync(PlatformMessage message, Func<PlatformMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MessageId.IsValid(message.Id))
        {
            throw new ArgumentException($"Message id '{message.Id}' is invalid: up to {MessageId.MaxLength} letters, digits, '-' or '_'.", nameof(message));
        }

        var states = await stores.MessageStateAsync(cancellationToken);
        var retries = await stores.RetryQueueAsync(cancellationToken);
        var delays = options.Value.RetryDelays;
        await states.PutAsync(message.Key, new MessageState(MessageStates.Received, 0, time.GetUtcNow(), null), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await states.PutAsync(message.Key, new MessageState(MessageStates.Processing, attempt, time.GetUtcNow(), null), cancellationToken);
            string error;
            try
            {
                await handler(message, cancellationToken);
                await states.PutAsync(message.Key, new MessageState(MessageStates.Completed, attempt, time.GetUtcNow(), null), cancellationToken);
                await DeleteRetryAsync(retries, message, cancellationToken);
                return MessageStates.Completed;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                error = e.Message.Length > MaxErrorLength ? e.Message[..MaxErrorLength] : e.Message;
            }

            if (attempt > delays.Length)
            {
                var deadLetters = await stores.DeadLettersAsync(cancellationToken);
                await deadLetters.PutAsync(message.Key, new DeadLetter(message, attempt, error, time.GetUtcNow()), cancellationToken);
                await DeleteRetryAsync(retries, message, cancellationToken);
                await states.PutAsync(message.Key, new MessageState(MessageStates.DeadLetter, attempt, time.GetUtcNow(), error), cancellationToken);
                return MessageStates.DeadLetter;
            }

            var delay = delays[attempt - 1];
            await retries.PutAsync(message.Key, new RetryEntry(message, attempt + 1, time.GetUtcNow() + delay, error), cancellationToken);
            await states.PutAsync(message.Key, new MessageState(MessageStates.Retry, attempt, time.GetUtcNow(), error), cancellationToken);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private static async Task DeleteRetryAsync(Vrsky.Nats.KeyValue.INatsKVStore retries, PlatformMessage message, CancellationToken cancellationToken)
    {
        if ((await retries.TryGetEntryAsync<RetryEntry>(message.Key, cancellationToken: cancellationToken)).Success)
        {
            await retries.DeleteAsync(message.Key, cancellationToken);
        }
    }
}
