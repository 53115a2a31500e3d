using System.Buffers;
using System.Text;

namespace Vrsky.Redis.Protocol;

/// <summary>
/// Pure RESP2 reply parser: bytes in, one value and the position after it out. It keeps no state between calls:
/// when a frame is incomplete it returns <c>false</c> and the caller calls again with more bytes from the same start.
/// Malformed input and exceeded <see cref="RespParserLimits"/> throw <see cref="RedisProtocolException"/>.
/// </summary>
public static class RespParser
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';

    /// <summary>Parses one value from the start of <paramref name="buffer"/>.</summary>
    public static bool TryParse(ReadOnlySequence<byte> buffer, out RespValue? value, out SequencePosition consumed, RespParserLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (TryRead(ref reader, limits ?? RespParserLimits.Default, depth: 0, out value))
        {
            consumed = reader.Position;
            return true;
        }

        consumed = buffer.Start;
        value = null;
        return false;
    }

    /// <summary>Parses one value from the start of <paramref name="buffer"/>; <paramref name="consumed"/> counts its bytes.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> buffer, out RespValue? value, out int consumed, RespParserLimits? limits = null)
    {
        var sequence = new ReadOnlySequence<byte>(buffer);
        if (TryParse(sequence, out value, out var position, limits))
        {
            consumed = (int)sequence.Slice(0, position).Length;
            return true;
        }

        consumed = 0;
        return false;
    }

    private static bool TryRead(ref SequenceReader<byte> reader, RespParserLimits limits, int depth, out RespValue? value)
    {
        value = null;
        if (!reader.TryRead(out var type))
        {
            return false;
        }

        if (!TryReadLine(ref reader, limits, out var line))
        {
            return false;
        }

        switch (type)
        {
            case (byte)'+':
                value = RespValue.SimpleString(DecodeLine(line));
                return true;
            case (byte)'-':
                value = RespValue.Error(DecodeLine(line));
                return true;
            case (byte)':':
                value = RespValue.FromInteger(ParseInteger(line, "integer"));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, limits, ParseInteger(line, "bulk string length"), out value);
            case (byte)'*':
                return TryReadArray(ref reader, limits, depth, ParseInteger(line, "array length"), out value);
            default:
                throw new RedisProtocolException($"Unknown RESP type byte 0x{type:X2} ('{Printable(type)}').");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, RespParserLimits limits, long length, out RespValue? value)
    {
        value = null;
        if (length == -1)
        {
            value = RespValue.NullBulkString;
            return true;
        }

        if (length < -1)
        {
            throw new RedisProtocolException($"Invalid bulk string length {length}.");
        }

        if (length > limits.MaxBulkLength)
        {
            throw new RedisProtocolException($"Bulk string of {length} bytes exceeds the limit of {limits.MaxBulkLength}.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        reader.TryRead(out var cr);
        reader.TryRead(out var lf);
        if (cr != CR || lf != LF)
        {
            throw new RedisProtocolException($"Bulk string of {length} bytes is not followed by CRLF.");
        }

        value = RespValue.BulkString(bytes);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, RespParserLimits limits, int depth, long count, out RespValue? value)
    {
        value = null;
        if (count == -1)
        {
            value = RespValue.NullArray;
            return true;
        }

        if (count < -1)
        {
            throw new RedisProtocolException($"Invalid array length {count}.");
        }

        if (count > limits.MaxArrayLength)
        {
            throw new RedisProtocolException($"Array of {count} elements exceeds the limit of {limits.MaxArrayLength}.");
        }

        if (depth + 1 > limits.MaxDepth)
        {
            throw new RedisProtocolException($"Arrays nested deeper than the limit of {limits.MaxDepth}.");
        }

        // Every element takes at least 3 bytes, so an incomplete array is recognised before allocating for it.
        if (reader.Remaining < count * 3)
        {
            return false;
        }

        var items = count == 0 ? [] : new RespValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryRead(ref reader, limits, depth + 1, out var item))
            {
                return false;
            }

            items[i] = item!;
        }

        value = RespValue.Array(items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, RespParserLimits limits, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, CR, advancePastDelimiter: true))
        {
            if (reader.Remaining > limits.MaxLineLength)
            {
                throw new RedisProtocolException($"No CRLF within {limits.MaxLineLength} bytes.");
            }

            return false;
        }

        if (line.Length > limits.MaxLineLength)
        {
            throw new RedisProtocolException($"Line of {line.Length} bytes exceeds the limit of {limits.MaxLineLength}.");
        }

        if (!reader.TryRead(out var lf))
        {
            return false;
        }

        if (lf != LF)
        {
            throw new RedisProtocolException("CR not followed by LF.");
        }

        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line, string what)
    {
        if (line.IsEmpty || line.Length > 20)
        {
            throw new RedisProtocolException($"Invalid {what}: '{DecodeLine(line)}'.");
        }

        Span<byte> digits = stackalloc byte[(int)line.Length];
        line.CopyTo(digits);
        var negative = digits[0] == (byte)'-';
        var start = negative || digits[0] == (byte)'+' ? 1 : 0;
        if (start == digits.Length)
        {
            throw new RedisProtocolException($"Invalid {what}: '{Encoding.ASCII.GetString(digits)}'.");
        }

        long result = 0;
        for (var i = start; i < digits.Length; i++)
        {
            var d = digits[i] - (byte)'0';
            if (d is < 0 or > 9)
            {
                throw new RedisProtocolException($"Invalid {what}: '{Encoding.ASCII.GetString(digits)}'.");
            }

            // Accumulate negatively so long.MinValue parses too.
            if (result < (long.MinValue + d) / 10)
            {
                throw new RedisProtocolException($"Invalid {what}: '{Encoding.ASCII.GetString(digits)}' overflows a 64-bit integer.");
            }

            result = (result * 10) - d;
        }

        if (!negative)
        {
            if (result == long.MinValue)
            {
                throw new RedisProtocolException($"Invalid {what}: '{Encoding.ASCII.GetString(digits)}' overflows a 64-bit integer.");
            }

            result = -result;
        }

        return result;
    }

    private static string DecodeLine(ReadOnlySequence<byte> line) =>
        line.IsSingleSegment ? Encoding.UTF8.GetString(line.FirstSpan) : Encoding.UTF8.GetString(line.ToArray());

    private static char Printable(byte b) => b is >= 0x20 and < 0x7F ? (char)b : '?';
}
