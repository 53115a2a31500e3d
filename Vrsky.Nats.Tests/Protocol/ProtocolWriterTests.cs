using System.Buffers;
using System.Text;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Tests.Protocol;

public class ProtocolWriterTests
{
    [Fact]
    public void PubWithAndWithoutReply()
    {
        Assert.Equal("PUB a.b 5\r\nhello\r\n", Write(w => ProtocolWriter.WritePublish(w, "a.b", null, null, 0, "hello"u8)));
        Assert.Equal("PUB a.b r.1 0\r\n\r\n", Write(w => ProtocolWriter.WritePublish(w, "a.b", "r.1", null, 0, default)));
    }

    [Fact]
    public void HpubCarriesHeaderLengthAndTotal()
    {
        var headers = new NatsHeaders { { "A", "1" }, { "A", "2" }, { "Bee", "x y" } };
        var length = HeaderCodec.GetEncodedLength(headers);
        var text = Write(w => ProtocolWriter.WritePublish(w, "s", "r", headers, length, "hi"u8));
        const string block = "NATS/1.0\r\nA: 1\r\nA: 2\r\nBee: x y\r\n\r\n";
        Assert.Equal(block.Length, length);
        Assert.Equal($"HPUB s r {block.Length} {block.Length + 2}\r\n{block}hi\r\n", text);
    }

    [Fact]
    public void LargePayloadIsWrittenWhole()
    {
        var payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        var writer = new ArrayBufferWriter<byte>();
        ProtocolWriter.WritePublish(writer, "big", null, null, 0, payload);
        var expectedPrefix = "PUB big 100000\r\n"u8.ToArray();
        Assert.Equal(expectedPrefix, writer.WrittenSpan[..expectedPrefix.Length].ToArray());
        Assert.Equal(payload, writer.WrittenSpan.Slice(expectedPrefix.Length, payload.Length).ToArray());
        Assert.Equal(ProtocolWriter.GetPublishLength("big", null, 0, payload.Length, out _), writer.WrittenCount);
    }

    [Fact]
    public void SubUnsubPingPong()
    {
        Assert.Equal("SUB foo.* 1\r\n", Write(w => ProtocolWriter.WriteSub(w, "foo.*", null, 1)));
        Assert.Equal("SUB foo q 22\r\n", Write(w => ProtocolWriter.WriteSub(w, "foo", "q", 22)));
        Assert.Equal("UNSUB 3\r\n", Write(w => ProtocolWriter.WriteUnsub(w, 3, null)));
        Assert.Equal("UNSUB 3 10\r\n", Write(w => ProtocolWriter.WriteUnsub(w, 3, 10)));
        Assert.Equal("PING\r\nPONG\r\n", Write(w => { ProtocolWriter.WritePing(w); ProtocolWriter.WritePong(w); }));
        Assert.Equal("CONNECT {}\r\n", Write(w => ProtocolWriter.WriteConnect(w, "{}"u8)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a\r\nPUB x 1")]
    public void InvalidSubjectsAreRejected(string subject) =>
        Assert.Throws<ArgumentException>(() => ProtocolWriter.ValidateSubject(subject));

    [Fact]
    public void HeaderNamesCannotInjectLines()
    {
        var headers = new NatsHeaders();
        Assert.Throws<ArgumentException>(() => headers.Add("a:b", "x"));
        Assert.Throws<ArgumentException>(() => headers.Add("a", "x\r\nEvil: 1"));
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }
}
