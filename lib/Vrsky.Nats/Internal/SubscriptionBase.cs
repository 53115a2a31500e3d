using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>What the read loop routes a MSG/HMSG to, by sid.</summary>
internal abstract class SubscriptionBase(long sid, string subject, string? queueGroup, int? maxMsgs)
{
    public long Sid { get; } = sid;

    public string Subject { get; } = subject;

    public string? QueueGroup { get; } = queueGroup;

    public int? MaxMsgs { get; } = maxMsgs;

    /// <summary>Messages handed to this subscription so far; used to re-send UNSUB max after reconnect.</summary>
    public int Delivered { get; protected set; }

    /// <summary>
    /// Takes one message. Payload bytes are only valid during the synchronous part of the call;
    /// a pending result means the consumer applies back-pressure.
    /// </summary>
    public abstract ValueTask DeliverAsync(ServerOp op);

    /// <summary>Completes once delivery ended and the user has read every buffered message.</summary>
    public virtual Task Drained => Task.CompletedTask;

    /// <summary>Ends delivery; buffered messages stay readable.</summary>
    public abstract void Complete(Exception? error);
}
