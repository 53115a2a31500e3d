using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>The platform buckets, bound once (the initializer has created them before anything asks).</summary>
public sealed class PlatformStores(INatsConnection nats)
{
    private readonly INatsKVContext _kv = nats.CreateJetStreamContext().CreateKeyValueContext();
    private readonly Dictionary<string, Task<INatsKVStore>> _stores = [];
    private readonly Lock _gate = new();

    public Task<INatsKVStore> MessageStateAsync(CancellationToken cancellationToken) => GetAsync(PlatformBuckets.MessageState, cancellationToken);

    public Task<INatsKVStore> LocksAsync(CancellationToken cancellationToken) => GetAsync(PlatformBuckets.IntegrationLocks, cancellationToken);

    public Task<INatsKVStore> RetryQueueAsync(CancellationToken cancellationToken) => GetAsync(PlatformBuckets.RetryQueue, cancellationToken);

    public Task<INatsKVStore> DeadLettersAsync(CancellationToken cancellationToken) => GetAsync(PlatformBuckets.DeadLetterQueue, cancellationToken);

    private Task<INatsKVStore> GetAsync(string bucket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A failed bind is not cached, so the next call tries again.
            if (!_stores.TryGetValue(bucket, out var store) || store.IsFaulted || store.IsCanceled)
            {
                _stores[bucket] = store = _kv.GetStoreAsync(bucket, cancellationToken).AsTask();
            }

            return store;
        }
    }
}
