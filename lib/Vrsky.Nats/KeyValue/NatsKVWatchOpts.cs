namespace Vrsky.Nats.KeyValue;

/// <summary>What a watch delivers first and which entries it skips.</summary>
public sealed record NatsKVWatchOpts
{
    /// <summary>Start with every stored revision, not only the latest per key.</summary>
    public bool IncludeHistory { get; init; }

    /// <summary>Skip current values; deliver only changes made after the watch starts.</summary>
    public bool UpdatesOnly { get; init; }

    /// <summary>
    /// Start at this revision instead of the latest value per key: every stored entry from it on, oldest first. In a
    /// bucket keeping one revision per key that is the latest value of each key written at or after it (an older key
    /// updated since comes along, a key last written before does not), so a caller resuming from a cursor reads only
    /// what lies beyond it. With more history kept, older revisions of those keys come too.
    /// </summary>
    public ulong? StartRevision { get; init; }

    /// <summary>Do not deliver delete and purge markers.</summary>
    public bool IgnoreDeletes { get; init; }

    /// <summary>Deliver keys, revisions and operations without values.</summary>
    public bool MetaOnly { get; init; }

    /// <summary>Called once when the watch starts on a bucket (or filter) with nothing to deliver.</summary>
    public Func<CancellationToken, ValueTask>? OnNoData { get; init; }

    /// <summary>Server heartbeat of the watch consumer; after three missed ones the watch resubscribes.</summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(5);
}
