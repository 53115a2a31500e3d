namespace Vrsky.Nats.KeyValue;

/// <summary>What a watch delivers first and which entries it skips.</summary>
public sealed record NatsKVWatchOpts
{
    /// <summary>Start with every stored revision, not only the latest per key.</summary>
    public bool IncludeHistory { get; init; }

    /// <summary>Skip current values; deliver only changes made after the watch starts.</summary>
    public bool UpdatesOnly { get; init; }

    /// <summary>Do not deliver delete and purge markers.</summary>
    public bool IgnoreDeletes { get; init; }

    /// <summary>Deliver keys, revisions and operations without values.</summary>
    public bool MetaOnly { get; init; }

    /// <summary>Called once when the watch starts on a bucket (or filter) with nothing to deliver.</summary>
    public Func<CancellationToken, ValueTask>? OnNoData { get; init; }

    /// <summary>Server heartbeat of the watch consumer; after three missed ones the watch resubscribes.</summary>
    public TimeSpan IdleHeartbeat { get; init; } = TimeSpan.FromSeconds(5);
}
