namespace Vrsky.Nats;

/// <summary>A subscription started dropping messages because its pending buffer is full.</summary>
public sealed class NatsSlowConsumerEventArgs(string subject, string? queueGroup, long droppedTotal) : EventArgs
{
    public string Subject { get; } = subject;

    public string? QueueGroup { get; } = queueGroup;

    /// <summary>Messages dropped by this subscription so far.</summary>
    public long DroppedTotal { get; } = droppedTotal;

    public NatsSlowConsumerException ToException() => new(Subject, DroppedTotal);
}
