namespace Vrsky.Nats.JetStream.Internal;

/// <summary>Header names JetStream reads or writes.</summary>
internal static class NatsJSHeaderNames
{
    public const string MsgId = "Nats-Msg-Id";
    public const string ExpectedStream = "Nats-Expected-Stream";
    public const string ExpectedLastSequence = "Nats-Expected-Last-Sequence";
    public const string ExpectedLastSubjectSequence = "Nats-Expected-Last-Subject-Sequence";
    public const string ExpectedLastMsgId = "Nats-Expected-Last-Msg-Id";
    public const string Rollup = "Nats-Rollup";

    public const string PendingMessages = "Nats-Pending-Messages";
    public const string PendingBytes = "Nats-Pending-Bytes";

    // Direct get replies describe the stored message in headers.
    public const string Stream = "Nats-Stream";
    public const string Subject = "Nats-Subject";
    public const string Sequence = "Nats-Sequence";
    public const string TimeStamp = "Nats-Time-Stamp";
}
