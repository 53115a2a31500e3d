using System.Buffers;
using System.Text;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Tests.Protocol;

public class ProtocolParserTests
{
    private const string Info = "INFO {\"server_id\":\"S\",\"max_payload\":1048576}\r\n";
    private const string Msg = "MSG orders.new 7 _INBOX.abc.1 5\r\nhello\r\n";
    private const string MsgNoReply = "MSG a.b 12 0\r\n\r\n";
    private const string HMsg = "HMSG x.y 3 24 29\r\nNATS/1.0\r\nA: 1\r\nA: 2\r\n\r\nworld\r\n";
    private const string Err = "-ERR 'Authorization Violation'\r\n";

    public static TheoryData<string> Frames => [Info, Msg, MsgNoReply, HMsg, Err, "PING\r\n", "PONG\r\n", "+OK\r\n"];

    [Theory]
    [MemberData(nameof(Frames))]
    public void ParsesFrameSplitAtEveryByte(string frame)
    {
        var bytes = Encoding.ASCII.GetBytes(frame);
        var expected = ParseAll(Sequence(bytes)).Single();
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.False(ProtocolParser.TryParse(new ReadOnlySequence<byte>(bytes, 0, split), out _, out _), $"complete at {split}");
            var ops = ParseAll(Sequence(bytes[..split], bytes[split..]));
            Assert.Equal(expected, Assert.Single(ops));
        }
    }

    [Fact]
    public void ParsesCoalescedFramesSplitAnywhere()
    {
        var all = string.Concat(Info, Msg, "PING\r\n", HMsg, MsgNoReply, Err, "PONG\r\n", "+OK\r\n");
        var bytes = Encoding.ASCII.GetBytes(all);
        var expected = ParseAll(Sequence(bytes));
        Assert.Equal(8, expected.Count);
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(expected, ParseAll(Sequence(bytes[..split], bytes[split..])));
        }

        // One byte per segment: the worst fragmentation a socket can produce.
        Assert.Equal(expected, ParseAll(Sequence([.. bytes.Select(b => new[] { b })])));
    }

    [Fact]
    public void MessageFieldsAreExtracted()
    {
        var op = ParseAll(Sequence(Encoding.ASCII.GetBytes(Msg))).Single();
        Assert.Equal("MSG|orders.new|7|_INBOX.abc.1||hello|5", op);

        var hmsg = ParseOne(HMsg);
        Assert.Equal(ServerOpKind.HMsg, hmsg.Kind);
        Assert.Null(hmsg.ReplyTo);
        var headers = HeaderCodec.Decode(hmsg.Headers);
        Assert.Equal(["1", "2"], headers.GetValues("A"));
        Assert.Equal("world", Encoding.ASCII.GetString(hmsg.Payload));
    }

    [Fact]
    public void ErrTextHasQuotesRemoved() =>
        Assert.Equal("Authorization Violation", ParseOne(Err).Text);

    [Fact]
    public void OpsAreCaseInsensitive() =>
        Assert.Equal(ServerOpKind.Ping, ParseOne("ping\r\n").Kind);

    [Theory]
    [InlineData("FOO bar\r\n")]
    [InlineData("XYZ")]
    [InlineData("MSG a\r\n")]
    [InlineData("MSG a 1 x\r\n")]
    [InlineData("MSG a 1 3\r\nabcXY")]
    [InlineData("HMSG a 1 10 5\r\n")]
    public void InvalidInputThrowsInsteadOfWaiting(string text) =>
        Assert.Throws<NatsProtocolException>(() => ProtocolParser.TryParse(Sequence(Encoding.ASCII.GetBytes(text)), out _, out _));

    [Fact]
    public void UnknownOpIsRejectedBeforeItsLineEnds() =>
        Assert.Throws<NatsProtocolException>(() => ProtocolParser.TryParse(Sequence("BLAH"u8.ToArray()), out _, out _));

    [Fact]
    public void StatusLineGivesCodeAndDescription()
    {
        var headers = HeaderCodec.Decode(new ReadOnlySequence<byte>("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n\r\n"u8.ToArray()));
        Assert.Equal(408, headers.Code);
        Assert.Equal("Request Timeout", headers.MessageText);
        Assert.Equal("1", headers["Nats-Pending-Messages"]);

        var noResponders = HeaderCodec.Decode(new ReadOnlySequence<byte>("NATS/1.0 503\r\n\r\n"u8.ToArray()));
        Assert.Equal(503, noResponders.Code);
        Assert.Equal("", noResponders.MessageText);
    }

    private static ServerOp ParseOne(string text)
    {
        Assert.True(ProtocolParser.TryParse(Sequence(Encoding.ASCII.GetBytes(text)), out var op, out _));
        return op;
    }

    /// <summary>Renders each op as text so results compare by value after the buffer is gone.</summary>
    private static List<string> ParseAll(ReadOnlySequence<byte> buffer)
    {
        var ops = new List<string>();
        while (ProtocolParser.TryParse(buffer, out var op, out var consumed))
        {
            ops.Add(string.Join('|', op.Kind == ServerOpKind.Msg ? "MSG" : op.Kind.ToString(), op.Text ?? op.Subject, op.Sid, op.ReplyTo,
                Encoding.ASCII.GetString(op.Headers), Encoding.ASCII.GetString(op.Payload), op.TotalSize));
            buffer = buffer.Slice(consumed);
        }

        Assert.True(buffer.IsEmpty || buffer.Length < 200, "leftover");
        return ops;
    }

    private static ReadOnlySequence<byte> Sequence(params byte[][] parts)
    {
        var nonEmpty = parts.Where(p => p.Length > 0).ToArray();
        if (nonEmpty.Length == 1)
        {
            return new ReadOnlySequence<byte>(nonEmpty[0]);
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var part in nonEmpty.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
