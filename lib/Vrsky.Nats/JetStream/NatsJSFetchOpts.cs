namespace Vrsky.Nats.JetStream;

/// <summary>One pull request of <see cref="INatsJSContext.FetchAsync{T}"/>.</summary>
public sealed record NatsJSFetchOpts
{
    /// <summary>Most messages the request returns.</summary>
    public int MaxMsgs { get; init; } = 100;

    /// <summary>How long the server holds the request open waiting for messages.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server heartbeat while the request waits; must be below <see cref="Expires"/>. None when null.</summary>
    public TimeSpan? IdleHeartbeat { get; init; }

    /// <summary>Return at once with what is pending (a 404 status ends an empty fetch) instead of waiting.</summary>
    public bool NoWait { get; init; }
}
