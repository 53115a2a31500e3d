using Vrsky.ControlPlane.Platform;
using Vrsky.Nats;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.DeadLetters;

/// <summary>Reads the <c>dead_letter_queue</c> bucket per tenant; a replay republishes the message and starts its life cycle over.</summary>
public sealed class DeadLetterQueue(PlatformStores stores, INatsConnection nats, TimeProvider time)
{
    /// <summary>
    /// Up to <paramref name="limit"/> of a tenant's dead letters without their payloads, oldest change first, each with
    /// its revision (the cursor): those after <paramref name="afterRevision"/>, streamed from the bucket, so no payload
    /// is held beyond the entry it came with.
    /// </summary>
    public async Task<List<(ListedDeadLetter Letter, ulong Revision)>> ListAsync(Guid tenantId, ulong afterRevision, int limit, CancellationToken cancellationToken)
    {
        var store = await stores.DeadLettersAsync(cancellationToken);
        var letters = new List<(ListedDeadLetter, ulong)>();
        await foreach (var entry in LatestEntries.ReadAsync<DeadLetter>(store, $"{tenantId:N}.*", afterRevision, cancellationToken))
        {
            if (entry.Value is { } letter)
            {
                letters.Add((ListedDeadLetter.Of(letter), entry.Revision));
            }

            if (letters.Count == limit)
            {
                break;
            }
        }

        return letters;
    }

    public async Task<DeadLetter?> GetAsync(Guid tenantId, string messageId, CancellationToken cancellationToken) =>
        await GetAsync(await stores.DeadLettersAsync(cancellationToken), PlatformMessage.KeyOf(tenantId, messageId), cancellationToken);

    /// <summary>
    /// Publishes the message to its subject again and marks it RECEIVED. Not found when there is no such dead letter;
    /// refused, with why, when its stored subject is not one to publish to (written to the bucket by other means).
    /// </summary>
    public async Task<(bool Found, string? Refusal)> RetryAsync(Guid tenantId, string messageId, CancellationToken cancellationToken)
    {
        var store = await stores.DeadLettersAsync(cancellationToken);
        if (await GetAsync(store, PlatformMessage.KeyOf(tenantId, messageId), cancellationToken) is not { } letter)
        {
            return (false, null);
        }

        if (MessageSubject.Validate(letter.Message.Subject) is { } subjectError)
        {
            return (true, subjectError);
        }

        var states = await stores.MessageStateAsync(cancellationToken);
        await states.PutAsync(letter.Message.Key, new MessageState(MessageStates.Received, 0, time.GetUtcNow(), null), cancellationToken);
        await nats.PublishAsync(letter.Message.Subject, letter.Message.Payload, headers: new NatsHeaders { ["Vrsky-Message-Id"] = messageId }, cancellationToken: cancellationToken);
        await nats.FlushAsync(cancellationToken);
        await store.DeleteAsync(letter.Message.Key, cancellationToken);
        return (true, null);
    }

    public async Task<bool> DiscardAsync(Guid tenantId, string messageId, CancellationToken cancellationToken)
    {
        var store = await stores.DeadLettersAsync(cancellationToken);
        var key = PlatformMessage.KeyOf(tenantId, messageId);
        if (await GetAsync(store, key, cancellationToken) is null)
        {
            return false;
        }

        await store.DeleteAsync(key, cancellationToken);
        return true;
    }

    private static async Task<DeadLetter?> GetAsync(INatsKVStore store, string key, CancellationToken cancellationToken)
    {
        var entry = await store.TryGetEntryAsync<DeadLetter>(key, cancellationToken: cancellationToken);
        return entry.Success ? entry.Value.Value : null;
    }
}
