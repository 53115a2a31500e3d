using System.Buffers;

namespace Vrsky.Nats.Protocol;

internal enum ServerOpKind
{
    Info,
    Msg,
    HMsg,
    Ping,
    Pong,
    Ok,
    Err,
}

/// <summary>
/// One parsed server operation. <see cref="Headers"/> and <see cref="Payload"/> slice the input
/// buffer, so they are valid only until the caller advances past it.
/// </summary>
internal readonly struct ServerOp
{
    public ServerOpKind Kind { get; init; }

    /// <summary>INFO JSON or -ERR text (quotes removed).</summary>
    public string? Text { get; init; }

    public string? Subject { get; init; }

    public long Sid { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>Raw header block (from NATS/1.0 to the blank line), empty for MSG.</summary>
    public ReadOnlySequence<byte> Headers { get; init; }

    public ReadOnlySequence<byte> Payload { get; init; }

    /// <summary>Header plus payload bytes as announced by the server.</summary>
    public int TotalSize { get; init; }
}
