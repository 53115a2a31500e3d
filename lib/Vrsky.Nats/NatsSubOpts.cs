using System.Threading.Channels;

namespace Vrsky.Nats;

/// <summary>Per-subscription options.</summary>
public sealed record NatsSubOpts
{
    /// <summary>Unsubscribe automatically after this many messages (UNSUB sid max).</summary>
    public int? MaxMsgs { get; init; }

    /// <summary>Pending messages buffered for this subscription; defaults to <see cref="NatsOpts.SubPendingChannelCapacity"/>.</summary>
    public int? ChannelCapacity { get; init; }

    /// <summary>
    /// What happens when the buffer is full. Dropping modes report a slow consumer
    /// (<see cref="NatsConnection.SlowConsumerDetected"/>) instead of blocking the read loop;
    /// <see cref="BoundedChannelFullMode.Wait"/> applies back-pressure to every subscription on the connection.
    /// </summary>
    public BoundedChannelFullMode ChannelFullMode { get; init; } = BoundedChannelFullMode.DropNewest;
}
