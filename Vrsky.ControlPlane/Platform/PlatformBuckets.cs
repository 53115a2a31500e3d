using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>Seed 002's key-value buckets on the platform JetStream, and the one routine that creates them.</summary>
public static class PlatformBuckets
{
    public const string MessageState = "message_state";
    public const string IntegrationLocks = "integration_locks";
    public const string RetryQueue = "retry_queue";
    public const string DeadLetterQueue = "dead_letter_queue";

    private const long GB = 1_000_000_000;

    /// <summary>How long a retry entry lives: longer than any wait between attempts.</summary>
    public static readonly TimeSpan RetryQueueTtl = TimeSpan.FromHours(1);

    public static IReadOnlyList<NatsKVConfig> Configs(PlatformOptions options) =>
    [
        Bucket(MessageState, TimeSpan.FromMinutes(15), 10 * GB, options, "message processing state"),
        Bucket(IntegrationLocks, options.LockTtl, 1 * GB, options, "one processor per integration"),
        Bucket(RetryQueue, RetryQueueTtl, 50 * GB, options, "messages waiting for a retry"),
        Bucket(DeadLetterQueue, TimeSpan.FromDays(7), 100 * GB, options, "messages that failed every attempt"),
    ];

    /// <summary>Creates each bucket, or brings an existing one to these settings; an unchanged bucket stays untouched.</summary>
    public static async Task EnsureAsync(INatsConnection connection, PlatformOptions options, CancellationToken cancellationToken)
    {
        var kv = connection.CreateJetStreamContext().CreateKeyValueContext();
        foreach (var config in Configs(options))
        {
            await kv.CreateOrUpdateStoreAsync(config, cancellationToken);
        }
    }

    private static NatsKVConfig Bucket(string name, TimeSpan ttl, long maxBytes, PlatformOptions options, string description) => new(name)
    {
        Description = description,
        MaxAge = ttl,
        MaxBytes = options.MaxBytes.GetValueOrDefault(name, maxBytes),
        NumReplicas = options.Replicas,
    };
}
