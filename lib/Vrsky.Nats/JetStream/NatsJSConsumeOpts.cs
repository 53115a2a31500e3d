namespace Vrsky.Nats.JetStream;

/// <summary>Buffering and liveness of the <see cref="INatsJSContext.ConsumeAsync{T}"/> pull loop.</summary>
public sealed record NatsJSConsumeOpts
{
    /// <summary>Messages requested but not yet received that the loop keeps outstanding.</summary>
    public int MaxMsgs { get; init; } = 1000;

    /// <summary>Refill when fewer than this many requested messages are outstanding; MaxMsgs / 2 when null.</summary>
    public int? ThresholdMsgs { get; init; }

    /// <summary>Lifetime of each pull request on the server.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Server heartbeat while a request waits; after two missed heartbeats the loop assumes its requests
    /// were lost (server restart, leader change) and pulls again. Expires / 2, at most 30 s, when null.
    /// </summary>
    public TimeSpan? IdleHeartbeat { get; init; }

    internal int EffectiveThreshold => ThresholdMsgs ?? Math.Max(1, MaxMsgs / 2);

    internal TimeSpan EffectiveIdleHeartbeat =>
        IdleHeartbeat ?? TimeSpan.FromTicks(Math.Min(Expires.Ticks / 2, TimeSpan.FromSeconds(30).Ticks));
}
