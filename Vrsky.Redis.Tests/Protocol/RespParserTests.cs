using System.Buffers;
using System.Text;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis.Tests.Protocol;

public class RespParserTests
{
    public static TheoryData<string, string> Frames => new()
    {
        { "+OK\r\n", "\"OK\"" },
        { "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "-WRONGTYPE Operation against a key holding the wrong kind of value" },
        { ":0\r\n", "0" },
        { ":-9223372036854775808\r\n", "-9223372036854775808" },
        { ":9223372036854775807\r\n", "9223372036854775807" },
        { "$5\r\nhello\r\n", "\"hello\"" },
        { "$0\r\n\r\n", "\"\"" },
        { "$-1\r\n", "BulkString(null)" },
        { "$6\r\na\r\nb\0c\r\n", "\"a\r\nb\0c\"" },
        { "*0\r\n", "[]" },
        { "*-1\r\n", "Array(null)" },
        { "*3\r\n:1\r\n$3\r\nfoo\r\n$-1\r\n", "[1, \"foo\", BulkString(null)]" },
        { "*2\r\n*2\r\n+a\r\n-ERR b\r\n*1\r\n*-1\r\n", "[[\"a\", -ERR b], [Array(null)]]" },
        { "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\nü!\r\n", "[\"message\", \"ch\", \"ü!\"]" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void ParsesWholeFrame(string frame, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        Assert.True(RespParser.TryParse(bytes, out var value, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(expected, value!.ToString());
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void EveryProperPrefixIsIncomplete(string frame, string expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(frame);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(RespParser.TryParse(bytes.AsMemory(0, length), out _, out var consumed), $"prefix of {length} bytes");
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void FrameSplitAcrossSegmentsAtEveryByteParsesTheSame(string frame, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        for (var split = 1; split < bytes.Length; split++)
        {
            var sequence = Segments(bytes[..split], bytes[split..]);
            Assert.True(RespParser.TryParse(sequence, out var value, out var consumed), $"split at {split}");
            Assert.Equal(sequence.End, consumed);
            Assert.Equal(expected, value!.ToString());
        }
    }

    [Fact]
    public void FrameSplitIntoSingleByteSegmentsParses()
    {
        var bytes = Encoding.UTF8.GetBytes("*2\r\n$3\r\nfoo\r\n*1\r\n:42\r\n");
        var sequence = Segments(bytes.Select(b => new[] { b }).ToArray());
        Assert.True(RespParser.TryParse(sequence, out var value, out _));
        Assert.Equal("[\"foo\", [42]]", value!.ToString());
    }

    [Fact]
    public void CoalescedFramesParseOneAtATime()
    {
        var all = string.Concat(Frames.Select(row => (string)row[0]));
        var expected = Frames.Select(row => (string)row[1]).ToList();
        var sequence = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(all));
        var parsed = new List<string>();
        while (RespParser.TryParse(sequence, out var value, out var consumed))
        {
            parsed.Add(value!.ToString());
            sequence = sequence.Slice(consumed);
        }

        Assert.Equal(expected, parsed);
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void CoalescedFramesWithTrailingPartialLeaveThePartial()
    {
        var bytes = Encoding.UTF8.GetBytes("+OK\r\n:1\r\n$5\r\nhel");
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(RespParser.TryParse(sequence, out _, out var first));
        sequence = sequence.Slice(first);
        Assert.True(RespParser.TryParse(sequence, out _, out var second));
        sequence = sequence.Slice(second);
        Assert.False(RespParser.TryParse(sequence, out _, out var none));
        Assert.Equal(sequence.Start, none);
        Assert.Equal(7, sequence.Length);
    }

    [Theory]
    [InlineData("!oops\r\n", "Unknown RESP type byte 0x21")]
    [InlineData(":12a\r\n", "Invalid integer")]
    [InlineData(":\r\n", "Invalid integer")]
    [InlineData(":-\r\n", "Invalid integer")]
    [InlineData(":99999999999999999999\r\n", "overflows")]
    [InlineData("$-2\r\n", "Invalid bulk string length -2")]
    [InlineData("$x\r\n", "Invalid bulk string length")]
    [InlineData("$3\r\nfooXY", "not followed by CRLF")]
    [InlineData("*-5\r\n", "Invalid array length -5")]
    [InlineData("+OK\rX", "CR not followed by LF")]
    public void MalformedInputThrowsAClearError(string frame, string message)
    {
        var e = Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(Encoding.UTF8.GetBytes(frame), out _, out _));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsAreEnforcedBeforeAllocating()
    {
        var limits = new RespParserLimits { MaxBulkLength = 10, MaxArrayLength = 2, MaxDepth = 2, MaxLineLength = 8 };
        Assert.Contains("exceeds the limit of 10", Throws("$11\r\n", limits));
        Assert.Contains("exceeds the limit of 2", Throws("*3\r\n", limits));
        Assert.Contains("nested deeper", Throws("*1\r\n*1\r\n*1\r\n:1\r\n", limits));
        Assert.Contains("No CRLF within 8", Throws("+aaaaaaaaaaaa", limits));
        Assert.Contains("exceeds the limit of 8", Throws("+aaaaaaaaaaaa\r\n", limits));

        // Within limits is fine.
        Assert.True(RespParser.TryParse(Encoding.UTF8.GetBytes("*2\r\n*1\r\n:1\r\n$10\r\n0123456789\r\n"), out _, out _, limits));
    }

    [Fact]
    public void HugeDeclaredBulkWaitsWithoutAllocating()
    {
        // A declared length within the limit but not yet received is simply incomplete.
        Assert.False(RespParser.TryParse(Encoding.UTF8.GetBytes("$100000000\r\nabc"), out _, out _));
    }

    private static string Throws(string frame, RespParserLimits limits) =>
        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(Encoding.UTF8.GetBytes(frame), out _, out _, limits)).Message;

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
