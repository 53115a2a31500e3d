namespace Vrsky.Nats.JetStream;

/// <summary>Per-publish JetStream conditions; each sets the header of the same name.</summary>
public sealed record NatsJSPubOpts
{
    /// <summary><c>Nats-Msg-Id</c>: a repeat within the stream's duplicate window is acknowledged with <c>duplicate: true</c> and not stored.</summary>
    public string? MsgId { get; init; }

    /// <summary><c>Nats-Expected-Stream</c>: the subject must be captured by this stream.</summary>
    public string? ExpectedStream { get; init; }

    /// <summary><c>Nats-Expected-Last-Sequence</c>: the stream's last sequence must be this.</summary>
    public ulong? ExpectedLastSequence { get; init; }

    /// <summary><c>Nats-Expected-Last-Subject-Sequence</c>: the last message on this subject must have this sequence (0: none yet).</summary>
    public ulong? ExpectedLastSubjectSequence { get; init; }

    /// <summary><c>Nats-Expected-Last-Msg-Id</c>: the stream's last message must carry this id.</summary>
    public string? ExpectedLastMsgId { get; init; }
}
