using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.KeyValue;

/// <summary>A bucket's settings; each maps onto the backing <c>KV_&lt;bucket&gt;</c> stream.</summary>
public sealed record NatsKVConfig
{
    public NatsKVConfig(string bucket) => Bucket = bucket;

    public string Bucket { get; init; }

    public string? Description { get; init; }

    /// <summary>Values kept per key (1–64): the stream's max_msgs_per_subject.</summary>
    public int History { get; init; } = 1;

    /// <summary>How long a value lives (the stream's max_age); <see cref="TimeSpan.Zero"/> for forever.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Size limit of the whole bucket; -1 for unlimited. A full bucket refuses writes.</summary>
    public long MaxBytes { get; init; } = -1;

    /// <summary>Largest value; -1 for the server limit.</summary>
    public int MaxValueSize { get; init; } = -1;

    public StorageType Storage { get; init; } = StorageType.File;

    public int NumReplicas { get; init; } = 1;
}
