using System.Text;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis.Tests.Protocol;

public class RespWriterTests
{
    [Fact]
    public void WritesAnArrayOfBulkStrings()
    {
        var bytes = RespWriter.ToArray(["SET", "key", "välue"]);
        Assert.Equal("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$6\r\nvälue\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void WritesBytesNumbersAndEmptyArguments()
    {
        RedisArg[] args = ["ZADD", "k", 1.5, new byte[] { 0, 13, 10, 255 }, 42L, "", double.NegativeInfinity];
        var bytes = RespWriter.ToArray(args);
        var expected = "*7\r\n$4\r\nZADD\r\n$1\r\nk\r\n$3\r\n1.5\r\n$4\r\n"u8.ToArray()
            .Concat(new byte[] { 0, 13, 10, 255 })
            .Concat("\r\n$2\r\n42\r\n$0\r\n\r\n$4\r\n-inf\r\n"u8.ToArray());
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WrittenCommandParsesBackAsTheSameArguments()
    {
        var large = new string('x', 100_000);
        var bytes = RespWriter.ToArray(["EVAL", large, 0L]);
        Assert.True(RespParser.TryParse(bytes, out var value, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(["EVAL", large, "0"], value!.Items.Select(i => i.AsString()));
    }

    [Fact]
    public void EmptyCommandIsRejected() =>
        Assert.Throws<ArgumentException>(() => RespWriter.ToArray([]));

    [Fact]
    public void NaNIsRejected() =>
        Assert.Throws<ArgumentException>(() => { RedisArg arg = double.NaN; _ = arg; });
}
