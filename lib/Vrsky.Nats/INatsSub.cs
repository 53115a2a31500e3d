using System.Threading.Channels;

namespace Vrsky.Nats;

/// <summary>A live subscription: messages arrive on <see cref="Msgs"/> until it is unsubscribed.</summary>
public interface INatsSub<T> : IAsyncDisposable
{
    string Subject { get; }

    string? QueueGroup { get; }

    /// <summary>Bounded buffer of received messages; completes after unsubscribe or MaxMsgs.</summary>
    ChannelReader<NatsMsg<T>> Msgs { get; }

    /// <summary>Stops delivery (UNSUB); already buffered messages can still be read.</summary>
    ValueTask UnsubscribeAsync();
}
