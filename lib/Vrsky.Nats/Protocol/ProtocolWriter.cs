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

    public static void WritePublish(IBufferWriter<byte> writer, string subject, string? replyTo, NatsHeaders? headers, int headerLength, ReadOnlySpan<byte> payload)
    {
        var total = GetPublishLength(subject, replyTo, headerLength, payload.Length, out var controlLength);
        if (total <= SingleSpanLimit)
        {
            var span = writer.GetSpan(total);
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
            return;
        }

        var control = writer.GetSpan(controlLength);
        writer.Advance(WriteControl(control, subject, replyTo, headerLength, payload.Length));
        if (headers is not null)
        {
            var headerSpan = writer.GetSpan(headerLength);
            writer.Advance(HeaderCodec.Encode(headers, headerSpan));
        }

        writer.Write(payload);
        writer.Write("\r\n"u8);
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
