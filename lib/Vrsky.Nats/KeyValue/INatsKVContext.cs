using Vrsky.Nats.JetStream;

namespace Vrsky.Nats.KeyValue;

/// <summary>Manages key-value buckets, each backed by a JetStream stream <c>KV_&lt;bucket&gt;</c> (ADR-8).</summary>
public interface INatsKVContext
{
    INatsJSContext JetStream { get; }

    /// <summary>Creates a bucket; succeeds without change when an identical one exists.</summary>
    ValueTask<INatsKVStore> CreateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default);

    /// <summary>Changes an existing bucket's settings (TTL, history, size limits).</summary>
    ValueTask<INatsKVStore> UpdateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default);

    /// <summary>Updates the bucket or creates it when missing: idempotent start-up.</summary>
    ValueTask<INatsKVStore> CreateOrUpdateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default);

    /// <summary>Binds to an existing bucket; throws <see cref="NatsJSStreamNotFoundException"/> when there is none.</summary>
    ValueTask<INatsKVStore> GetStoreAsync(string bucket, CancellationToken cancellationToken = default);

    ValueTask<bool> DeleteStoreAsync(string bucket, CancellationToken cancellationToken = default);
}
