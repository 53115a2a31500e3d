using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Vrsky.Nats.Protocol;

/// <summary>
/// Encodes client operations straight into a buffer writer (the connection's outgoing pipe), so
/// publishing costs no intermediate allocation. Callers validate subjects and sizes first.
/// </summary>
internal static class ProtocolWriter
{
    /// <summary>Frames up to this size are formatted into one contiguous span.</summary>
    private const int SingleSpanLimit = 16 * 1024;

    private static readonly SearchValues<char> SubjectBreakers = SearchValues.Create(" \t\r\n");

    /// <summary>Bytes a PUB/HPUB for these arguments occupies; also what max_payload is compared with.</summary>
    public static int GetPublishLength(string subject, string? replyTo, int headerLength, int payloadLength, out int controlLength)
    {
        controlLength = (headerLength > 0 ? 5 : 4)
            + Encoding.UTF8.GetByteCount(subject) + 1
            + (replyTo is null ? 0 : Encoding.UTF8.GetByteCount(replyTo) + 1)
            + (headerLength > 0 ? DigitCount(headerLength) + 1 : 0)
            + DigitCount(headerLength + payloadLength) + 2;
        return controlLength + headerLength + payloadLength + 2;
    }

    /// <summary>
    /// Formats a PUB/HPUB and returns the bytes written. Subjects are transcoded once, straight into
    /// the output (no separate byte count): the span asked for is sized for the worst case.
    /// </summary>
    public static int WritePublish(IBufferWriter<byte> writer, string subject, string? replyTo, NatsHeaders? headers, int headerLength, ReadOnlySpan<byte> payload)
    {
        var controlMax = MaxControlLength(subject, replyTo);
        var totalMax = controlMax + headerLength + payload.Length + 2;
        if (totalMax <= SingleSpanLimit)
        {
            var span = writer.GetSpan(totalMax);
            var pos = WriteControl(span, subject, replyTo, headerLength, payload.Length);
            if (headers is not null)
            {
                pos += HeaderCodec.Encode(headers, span[pos..]);
            }

            payload.CopyTo(span[pos..]);
            pos += payload.Length;
            span[pos++] = (byte)'\r';
            span[pos++] = (byte)'\n';
            writer.Advance(pos);
            return pos;
        }

        var control = writer.GetSpan(controlMax);
        var written = WriteControl(control, subject, replyTo, headerLength, payload.Length);
        writer.Advance(written);
        if (headers is not null)
        {
            var headerSpan = writer.GetSpan(headerLength);
            writer.Advance(HeaderCodec.Encode(headers, headerSpan));
        }

        writer.Write(payload);
        writer.Write("\r\n"u8);
        return written + headerLength + payload.Length + 2;
    }

    /// <summary>
    /// Where the command that contains byte <paramref name="position"/> of <paramref name="commands"/> starts.
    /// <paramref name="commands"/> must start on a command boundary and hold only whole client commands
    /// (what this writer produces); a position on a boundary is returned as is.
    /// </summary>
    public static int FindCommandStart(ReadOnlySpan<byte> commands, int position)
    {
        var start = 0;
        while (start < position)
        {
            var next = start + CommandLength(commands[start..]);
            if (next > position)
            {
                return start;
            }

            start = next;
        }

        return start;
    }

    /// <summary>PING commands among <paramref name="commands"/> (whole client commands from a boundary on).</summary>
    public static int CountPings(ReadOnlySpan<byte> commands)
    {
        var pings = 0;
        while (!commands.IsEmpty)
        {
            if (commands.StartsWith("PING\r\n"u8))
            {
                pings++;
            }

            commands = commands[CommandLength(commands)..];
        }

        return pings;
    }

    /// <summary>Bytes of the first command: its control line, plus size and CRLF of a PUB/HPUB body.</summary>
    private static int CommandLength(ReadOnlySpan<byte> commands)
    {
        var lineLength = commands.IndexOf("\r\n"u8);
        if (lineLength < 0)
        {
            throw new InvalidOperationException("Outgoing commands are torn: a control line has no end");
        }

        var line = commands[..lineLength];
        var length = lineLength + 2;
        if (line.StartsWith("PUB "u8) || line.StartsWith("HPUB "u8))
        {
            // The last token is the total size (headers and payload), followed by its own CRLF.
            var sizeToken = line[(line.LastIndexOf((byte)' ') + 1)..];
            if (!Utf8Parser.TryParse(sizeToken, out int size, out var consumed) || consumed != sizeToken.Length)
            {
                throw new InvalidOperationException("Outgoing commands are torn: a PUB has no size");
            }

            length += size + 2;
        }

        return length;
    }

    public static void WriteConnect(IBufferWriter<byte> writer, ReadOnlySpan<byte> json)
    {
        writer.Write("CONNECT "u8);
        writer.Write(json);
        writer.Write("\r\n"u8);
    }

    public static void WriteSub(IBufferWriter<byte> writer, string subject, string? queueGroup, long sid)
    {
        var span = writer.GetSpan(4 + (Encoding.UTF8.GetMaxByteCount(subject.Length) + 1) + (queueGroup is null ? 0 : Encoding.UTF8.GetMaxByteCount(queueGroup.Length) + 1) + 22);
        "SUB "u8.CopyTo(span);
        var pos = 4;
        pos += Encoding.UTF8.GetBytes(subject, span[pos..]);
        span[pos++] = (byte)' ';
        if (queueGroup is not null)
        {
            pos += Encoding.UTF8.GetBytes(queueGroup, span[pos..]);
            span[pos++] = (byte)' ';
        }

        pos += FormatNumber(sid, span[pos..]);
        span[pos++] = (byte)'\r';
        span[pos++] = (byte)'\n';
        writer.Advance(pos);
    }

    public static void WriteUnsub(IBufferWriter<byte> writer, long sid, long? maxMsgs)
    {
        var span = writer.GetSpan(6 + 20 + 1 + 20 + 2);
        "UNSUB "u8.CopyTo(span);
        var pos = 6;
        pos += FormatNumber(sid, span[pos..]);
        if (maxMsgs is { } max)
        {
            span[pos++] = (byte)' ';
            pos += FormatNumber(max, span[pos..]);
        }

        span[pos++] = (byte)'\r';
        span[pos++] = (byte)'\n';
        writer.Advance(pos);
    }

    public static void WritePing(IBufferWriter<byte> writer) => writer.Write("PING\r\n"u8);

    public static void WritePong(IBufferWriter<byte> writer) => writer.Write("PONG\r\n"u8);

    /// <summary>Subjects and queue groups are space-delimited tokens on the wire.</summary>
    public static void ValidateSubject(string subject, string paramName = "subject")
    {
        if (string.IsNullOrEmpty(subject) || subject.AsSpan().IndexOfAny(SubjectBreakers) >= 0)
        {
            throw new ArgumentException($"'{subject}' is not a valid NATS subject (empty or contains whitespace)", paramName);
        }
    }

    /// <summary>Upper bound of a PUB/HPUB control line: UTF-8 worst case for the tokens, 10 digits per number.</summary>
    private static int MaxControlLength(string subject, string? replyTo) =>
        5 + (subject.Length * 3) + 1 + (replyTo is null ? 0 : (replyTo.Length * 3) + 1) + 11 + 11 + 2;

    private static int WriteControl(Span<byte> span, string subject, string? replyTo, int headerLength, int payloadLength)
    {
        int pos;
        if (headerLength > 0)
        {
            "HPUB "u8.CopyTo(span);
            pos = 5;
        }
        else
        {
            "PUB "u8.CopyTo(span);
            pos = 4;
        }

        pos += Encoding.UTF8.GetBytes(subject, span[pos..]);
        span[pos++] = (byte)' ';
        if (replyTo is not null)
        {
            pos += Encoding.UTF8.GetBytes(replyTo, span[pos..]);
            span[pos++] = (byte)' ';
        }

        if (headerLength > 0)
        {
            pos += FormatNumber(headerLength, span[pos..]);
            span[pos++] = (byte)' ';
        }

        pos += FormatNumber(headerLength + payloadLength, span[pos..]);
        span[pos++] = (byte)'\r';
        span[pos++] = (byte)'\n';
        return pos;
    }

    private static int FormatNumber(long value, Span<byte> span)
    {
        Utf8Formatter.TryFormat(value, span, out var written);
        return written;
    }

    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
