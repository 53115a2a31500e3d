using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Vrsky.Nats.Protocol;

/// <summary>
/// Recognises server operations in a byte stream. Pure: bytes in, one op and the position after
/// it out. Returns false while a frame is incomplete; throws <see cref="NatsProtocolException"/>
/// as soon as the bytes cannot become a valid op, so a bad server never makes the reader wait.
/// </summary>
internal static class ProtocolParser
{
    /// <summary>INFO can carry long connect_urls lists; anything longer than this without CRLF is garbage.</summary>
    public const int MaxControlLine = 1024 * 1024;

    private static readonly byte[][] KnownOps =
        [.. new[] { "MSG ", "HMSG ", "PING", "PONG", "+OK", "-ERR", "INFO " }.Select(Encoding.ASCII.GetBytes)];

    public static bool TryParse(ReadOnlySequence<byte> buffer, out ServerOp op, out SequencePosition consumed)
    {
        op = default;
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> lineSeq, "\r\n"u8, advancePastDelimiter: true))
        {
            CheckIncompleteLine(buffer);
            return false;
        }

        if (lineSeq.Length > MaxControlLine)
        {
            throw new NatsProtocolException($"Control line longer than {MaxControlLine} bytes");
        }

        var line = lineSeq.IsSingleSegment ? lineSeq.FirstSpan : lineSeq.ToArray();
        var kind = Classify(line);
        switch (kind)
        {
            case ServerOpKind.Ping or ServerOpKind.Pong or ServerOpKind.Ok:
                op = new ServerOp { Kind = kind };
                consumed = reader.Position;
                return true;
            case ServerOpKind.Info:
                op = new ServerOp { Kind = kind, Text = Encoding.UTF8.GetString(line[5..]).Trim() };
                consumed = reader.Position;
                return true;
            case ServerOpKind.Err:
                op = new ServerOp { Kind = kind, Text = Encoding.UTF8.GetString(line[4..]).Trim().Trim('\'') };
                consumed = reader.Position;
                return true;
            default:
                return TryParseMessage(kind, line, ref reader, out op, out consumed);
        }
    }

    private static bool TryParseMessage(ServerOpKind kind, ReadOnlySpan<byte> line, ref SequenceReader<byte> reader, out ServerOp op, out SequencePosition consumed)
    {
        op = default;
        consumed = default;
        Span<Range> ranges = stackalloc Range[6];
        var args = line[(kind == ServerOpKind.Msg ? 4 : 5)..];
        var count = Split(args, ranges);
        var hasHeaders = kind == ServerOpKind.HMsg;
        var minArgs = hasHeaders ? 4 : 3;
        if (count < minArgs || count > minArgs + 1)
        {
            throw Invalid(line);
        }

        var subject = Encoding.UTF8.GetString(args[ranges[0]]);
        var sid = ParseNumber(args[ranges[1]], line);
        string? replyTo = count == minArgs + 1 ? Encoding.UTF8.GetString(args[ranges[2]]) : null;
        var headerSize = hasHeaders ? ParseNumber(args[ranges[count - 2]], line) : 0;
        var totalSize = ParseNumber(args[ranges[count - 1]], line);
        if (headerSize > totalSize || totalSize > int.MaxValue - 2)
        {
            throw Invalid(line);
        }

        if (reader.Remaining < totalSize + 2)
        {
            return false;
        }

        var body = reader.UnreadSequence.Slice(0, totalSize);
        reader.Advance(totalSize);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new NatsProtocolException($"Message on '{subject}' is not terminated by CRLF after {totalSize} bytes");
        }

        op = new ServerOp
        {
            Kind = kind,
            Subject = subject,
            Sid = sid,
            ReplyTo = replyTo,
            Headers = body.Slice(0, headerSize),
            Payload = body.Slice(headerSize),
            TotalSize = (int)totalSize,
        };
        consumed = reader.Position;
        return true;
    }

    private static ServerOpKind Classify(ReadOnlySpan<byte> line)
    {
        if (StartsWith(line, "MSG "u8))
        {
            return ServerOpKind.Msg;
        }

        if (StartsWith(line, "HMSG "u8))
        {
            return ServerOpKind.HMsg;
        }

        if (StartsWith(line, "PING"u8) && line.Trim((byte)' ').Length == 4)
        {
            return ServerOpKind.Ping;
        }

        if (StartsWith(line, "PONG"u8) && line.Trim((byte)' ').Length == 4)
        {
            return ServerOpKind.Pong;
        }

        if (StartsWith(line, "+OK"u8))
        {
            return ServerOpKind.Ok;
        }

        if (StartsWith(line, "-ERR"u8))
        {
            return ServerOpKind.Err;
        }

        if (StartsWith(line, "INFO "u8))
        {
            return ServerOpKind.Info;
        }

        throw new NatsProtocolException($"Unknown protocol operation: '{Printable(line)}'");
    }

    /// <summary>Fails early when the bytes so far cannot be the start of any known op.</summary>
    private static void CheckIncompleteLine(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length > MaxControlLine)
        {
            throw new NatsProtocolException($"No CRLF within {MaxControlLine} bytes");
        }

        Span<byte> head = stackalloc byte[5];
        var length = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, length).CopyTo(head);
        head = head[..length];
        foreach (var known in KnownOps)
        {
            var n = Math.Min(head.Length, known.Length);
            if (StartsWith(head[..n], known.AsSpan(0, n)))
            {
                return;
            }
        }

        throw new NatsProtocolException($"Unknown protocol operation: '{Printable(head)}'");
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix)
    {
        if (line.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            // Ops are case-insensitive on the wire; ASCII letters differ by 0x20.
            var a = line[i];
            var b = prefix[i];
            if (a != b && !(char.IsAsciiLetter((char)b) && (a | 0x20) == (b | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    private static int Split(ReadOnlySpan<byte> args, Span<Range> ranges)
    {
        var count = 0;
        var i = 0;
        while (i < args.Length)
        {
            while (i < args.Length && args[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (i == args.Length)
            {
                break;
            }

            var start = i;
            while (i < args.Length && args[i] is not ((byte)' ' or (byte)'\t'))
            {
                i++;
            }

            if (count == ranges.Length)
            {
                return count + 1;
            }

            ranges[count++] = start..i;
        }

        return count;
    }

    private static long ParseNumber(ReadOnlySpan<byte> text, ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(text, out long value, out var used) || used != text.Length || value < 0)
        {
            throw Invalid(line);
        }

        return value;
    }

    private static NatsProtocolException Invalid(ReadOnlySpan<byte> line) => new($"Malformed message line: '{Printable(line)}'");

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 128)]);
        return new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
