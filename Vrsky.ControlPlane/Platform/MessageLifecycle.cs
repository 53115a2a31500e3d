using System.Diagnostics;
using Microsoft.Extensions.Options;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// How a worker processes one message, with every step recorded in <c>message_state</c>: RECEIVED, then
/// PROCESSING per attempt; COMPLETED on success; after a failure RETRY (the entry waits in <c>retry_queue</c>: 1 s,
/// 2 s, 4 s … doubling), and once the message's retries (its integration's <c>max_retries</c>, 3 by default) all
/// failed DEAD_LETTER, with the message and its last error in <c>dead_letter_queue</c> for the DLQ API to show,
/// replay or discard.
/// </summary>
/// <remarks>
/// The retry entry is also a claim: whoever runs the next attempt first compare-and-sets it (its revision is the
/// claim), so when the process that scheduled a retry dies, a <see cref="RetryQueueRunner"/> elsewhere takes the
/// entry over once it is <see cref="PlatformOptions.RetryTakeoverAfter"/> overdue, and the two never both run it.
/// </remarks>
public sealed class MessageLifecycle(PlatformStores stores, IOptions<PlatformOptions> options, TimeProvider time)
{
    private const int MaxErrorLength = 1000;

    /// <summary>Runs the life cycle from RECEIVED; returns the final state, or RETRY when another process took the message over.</summary>
    public async Task<string> ProcessAsync(PlatformMessage message, Func<PlatformMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MessageId.IsValid(message.Id))
        {
            throw new ArgumentException($"Message id '{message.Id}' is invalid: up to {MessageId.MaxLength} letters, digits, '-' or '_'.", nameof(message));
        }

        if (MessageSubject.Validate(message.Subject) is { } subjectError)
        {
            throw new ArgumentException($"Message '{message.Id}' cannot be replayed to its subject: {subjectError}", nameof(message));
        }

        if (message.MaxRetries is < 0 or > Integrations.IntegrationRequest.MaxRetriesLimit)
        {
            throw new ArgumentException($"Message '{message.Id}' asks for {message.MaxRetries} retries: at most {Integrations.IntegrationRequest.MaxRetriesLimit}.", nameof(message));
        }

        var states = await stores.MessageStateAsync(cancellationToken);
        await states.PutAsync(message.Key, new MessageState(MessageStates.Received, 0, time.GetUtcNow(), null), cancellationToken);
        return await RunAttemptsAsync(message, handler, 1, claim: null, cancellationToken);
    }

    /// <summary>Continues a message at <paramref name="attempt"/> after its retry entry was claimed at revision <paramref name="claim"/>.</summary>
    internal Task<string> ContinueAsync(PlatformMessage message, int attempt, ulong claim, Func<PlatformMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken) =>
        RunAttemptsAsync(message, handler, attempt, claim, cancellationToken);

    /// <summary>Claims a retry entry still at <paramref name="revision"/>; returns the claim (its new revision), or null when someone else changed it first.</summary>
    internal async Task<ulong?> TryClaimAsync(INatsKVStore retries, string key, RetryEntry entry, ulong revision, CancellationToken cancellationToken)
    {
        try
        {
            // Claimed now: a claim whose attempt outlives RetryTakeoverAfter counts as abandoned, like an overdue retry.
            return await retries.UpdateAsync(key, entry with { DueAt = time.GetUtcNow() }, revision, cancellationToken);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            return null;
        }
    }

    private async Task<string> RunAttemptsAsync(
        PlatformMessage message, Func<PlatformMessage, CancellationToken, Task> handler, int attempt, ulong? claim, CancellationToken cancellationToken)
    {
        using var activity = LifecycleActivities.Start("message.process", message, attempt);
        var state = await AttemptUntilSettledAsync(message, handler, attempt, claim, cancellationToken);
        activity?.SetTag(LifecycleActivities.State, state);
        return state;
    }

    private async Task<string> AttemptUntilSettledAsync(
        PlatformMessage message, Func<PlatformMessage, CancellationToken, Task> handler, int attempt, ulong? claim, CancellationToken cancellationToken)
    {
        var states = await stores.MessageStateAsync(cancellationToken);
        var retries = await stores.RetryQueueAsync(cancellationToken);
        var maxRetries = message.MaxRetries ?? options.Value.MaxRetries;
        for (; ; attempt++)
        {
            string error;
            using (var attemptActivity = LifecycleActivities.Start("message.attempt", message, attempt))
            {
                await states.PutAsync(message.Key, new MessageState(MessageStates.Processing, attempt, time.GetUtcNow(), null), cancellationToken);
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
                    attemptActivity?.SetStatus(ActivityStatusCode.Error, error);
                }
            }

            if (attempt > maxRetries)
            {
                using var deadLetterActivity = LifecycleActivities.Start("message.dead_letter", message, attempt);
                var deadLetters = await stores.DeadLettersAsync(cancellationToken);
                await deadLetters.PutAsync(message.Key, new DeadLetter(message, attempt, error, time.GetUtcNow()), cancellationToken);
                await DeleteRetryAsync(retries, message, cancellationToken);
                await states.PutAsync(message.Key, new MessageState(MessageStates.DeadLetter, attempt, time.GetUtcNow(), error), cancellationToken);
                return MessageStates.DeadLetter;
            }

            var delay = options.Value.RetryDelay(attempt);
            var entry = new RetryEntry(message, attempt + 1, time.GetUtcNow() + delay, error);
            using (var retryActivity = LifecycleActivities.Start("message.retry", message, attempt))
            {
                retryActivity?.SetTag("vrsky.message.retry_delay_ms", delay.TotalMilliseconds);
                try
                {
                    claim = claim is { } held
                        ? await retries.UpdateAsync(message.Key, entry, held, cancellationToken)
                        : await retries.PutAsync(message.Key, entry, cancellationToken);
                }
                catch (NatsKVWrongLastRevisionException)
                {
                    // This attempt outlived its claim and another process continues the message.
                    return MessageStates.Retry;
                }

                await states.PutAsync(message.Key, new MessageState(MessageStates.Retry, attempt, time.GetUtcNow(), error), cancellationToken);
            }

            // The wait between attempts belongs to no step, only to message.process.
            await Task.Delay(delay, time, cancellationToken);
            if (await TryClaimAsync(retries, message.Key, entry, claim.Value, cancellationToken) is not { } reclaimed)
            {
                return MessageStates.Retry;
            }

            claim = reclaimed;
        }
    }

    private static async Task DeleteRetryAsync(INatsKVStore retries, PlatformMessage message, CancellationToken cancellationToken)
    {
        if ((await retries.TryGetEntryAsync<RetryEntry>(message.Key, cancellationToken: cancellationToken)).Success)
        {
            await retries.DeleteAsync(message.Key, cancellationToken);
        }
    }
}
