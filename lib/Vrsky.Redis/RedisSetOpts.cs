namespace Vrsky.Redis;

/// <summary>Per-call options of SET.</summary>
public sealed record RedisSetOpts
{
    /// <summary>Time to live; sent as EX when whole seconds, else PX.</summary>
    public TimeSpan? Expiry { get; init; }

    public RedisSetCondition Condition { get; init; }
}

public enum RedisSetCondition
{
    Always,

    /// <summary>NX: only when the key does not exist.</summary>
    NotExists,

    /// <summary>XX: only when the key exists.</summary>
    Exists,
}
