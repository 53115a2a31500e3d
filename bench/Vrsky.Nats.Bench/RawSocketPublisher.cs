using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vrsky.Nats.Bench;

/// <summary>
/// The ceiling: a plain socket that, after CONNECT, writes pre-formatted <c>PUB subject 16</c> frames
/// in large buffers as fast as the socket takes them, then PING/PONG so the server has consumed them all.
/// No parsing of anything but the INFO line and the PONG, no subscriptions, no allocation in the loop.
/// </summary>
internal static class RawSocketPublisher
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Publishes <paramref name="count"/> frames (fewer if <paramref name="limit"/> passes); returns how many and how long.</summary>
    public static async Task<Measurement> RunAsync(int port, string subject, ReadOnlyMemory<byte> payload, long count, TimeSpan limit)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var inbound = new byte[64 * 1024];
        await ReadUntilAsync(socket, inbound, "\r\n"u8.ToArray()); // INFO
        await SendAllAsync(socket, "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n"u8.ToArray());
        await ReadUntilAsync(socket, inbound, "PONG\r\n"u8.ToArray());

        var frame = new byte[Encoding.ASCII.GetByteCount($"PUB {subject} {payload.Length}\r\n") + payload.Length + 2];
        var pos = Encoding.ASCII.GetBytes($"PUB {subject} {payload.Length}\r\n", frame);
        payload.Span.CopyTo(frame.AsSpan(pos));
        "\r\n"u8.CopyTo(frame.AsSpan(pos + payload.Length));
        var framesPerBuffer = BufferBytes / frame.Length;
        var buffer = new byte[framesPerBuffer * frame.Length];
        for (var i = 0; i < framesPerBuffer; i++)
        {
            frame.CopyTo(buffer, i * frame.Length);
        }

        var probe = Probe.Start();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < count)
        {
            var frames = (int)Math.Min(framesPerBuffer, count - sent);
            await SendAllAsync(socket, buffer.AsMemory(0, frames * frame.Length));
            sent += frames;
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit)
            {
                break;
            }
        }

        await SendAllAsync(socket, "PING\r\n"u8.ToArray());
        await ReadUntilAsync(socket, inbound, "PONG\r\n"u8.ToArray());
        return probe.Stop(sent, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var written = await socket.SendAsync(data, SocketFlags.None);
            data = data[written..];
        }
    }

    /// <summary>Reads until the received bytes end with <paramref name="marker"/> (the server sends nothing else here).</summary>
    private static async Task ReadUntilAsync(Socket socket, byte[] buffer, byte[] marker)
    {
        var length = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("nats-server closed the raw connection");
            }

            length += read;
            if (buffer.AsSpan(0, length).EndsWith(marker))
            {
                return;
            }

            if (length == buffer.Length)
            {
                length = 0;
            }
        }
    }
}
