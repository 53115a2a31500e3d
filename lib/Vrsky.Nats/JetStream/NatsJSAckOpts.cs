namespace Vrsky.Nats.JetStream;

/// <summary>Options of one acknowledgement.</summary>
public sealed record NatsJSAckOpts
{
    /// <summary>Wait until the server confirms the ack (a request instead of a publish), so it cannot be lost silently.</summary>
    public bool DoubleAck { get; init; }
}
