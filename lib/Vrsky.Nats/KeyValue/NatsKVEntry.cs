namespace Vrsky.Nats.KeyValue;

/// <summary>
/// One revision of a key. <see cref="Revision"/> is the stream sequence; <see cref="Delta"/> is how many
/// later messages the watcher still has to deliver (0 once a watcher has caught up).
/// </summary>
public sealed record NatsKVEntry<T>(string Bucket, string Key)
{
    /// <summary>The value; default for delete and purge markers.</summary>
    public T? Value { get; init; }

    public ulong Revision { get; init; }

    public DateTimeOffset Created { get; init; }

    public ulong Delta { get; init; }

    public NatsKVOperation Operation { get; init; } = NatsKVOperation.Put;
}
