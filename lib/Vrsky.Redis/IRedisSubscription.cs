using System.Threading.Channels;

namespace Vrsky.Redis;

/// <summary>An active (P)SUBSCRIBE with a bounded message buffer. Dispose to unsubscribe.</summary>
public interface IRedisSubscription : IAsyncDisposable
{
    /// <summary>The channel, or the pattern when <see cref="IsPattern"/>.</summary>
    string Name { get; }

    bool IsPattern { get; }

    /// <summary>Messages in arrival order; completes when the subscription is disposed or the connection is disposed.</summary>
    ChannelReader<RedisMessage> Msgs { get; }

    /// <summary>Messages dropped because <see cref="Msgs"/> was full (<see cref="RedisOpts.SubscriptionCapacity"/>).</summary>
    long Dropped { get; }
}
