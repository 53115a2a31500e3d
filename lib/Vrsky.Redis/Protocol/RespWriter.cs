using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Vrsky.Redis.Protocol;

/// <summary>Encodes commands the way Redis expects them from clients: an array of bulk strings.</summary>
public static class RespWriter
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>Writes <c>*N\r\n</c> then <c>$len\r\nbytes\r\n</c> per argument; returns the bytes written.</summary>
    public static int WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<RedisArg> args)
    {
        if (args.IsEmpty)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(args));
        }

        var total = WriteHeader(writer, (byte)'*', args.Length);
        foreach (var arg in args)
        {
            if (arg.Text is { } text)
            {
                var length = Encoding.UTF8.GetByteCount(text);
                total += WriteHeader(writer, (byte)'$', length);
                var span = writer.GetSpan(length + 2);
                var written = Encoding.UTF8.GetBytes(text, span);
                CrLf.CopyTo(span[written..]);
                writer.Advance(written + 2);
                total += written + 2;
            }
            else
            {
                var bytes = arg.Bytes.Span;
                total += WriteHeader(writer, (byte)'$', bytes.Length);
                writer.Write(bytes);
                writer.Write(CrLf);
                total += bytes.Length + 2;
            }
        }

        return total;
    }

    /// <summary>The command as a byte array (tests, diagnostics).</summary>
    public static byte[] ToArray(ReadOnlySpan<RedisArg> args)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteCommand(buffer, args);
        return buffer.WrittenSpan.ToArray();
    }

    private static int WriteHeader(IBufferWriter<byte> writer, byte type, int value)
    {
        var span = writer.GetSpan(16);
        span[0] = type;
        Utf8Formatter.TryFormat(value, span[1..], out var digits);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        writer.Advance(3 + digits);
        return 3 + digits;
    }
}
