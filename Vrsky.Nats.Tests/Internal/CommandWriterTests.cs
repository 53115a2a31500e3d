using System.Text;
using System.Text.Json;
using Vrsky.Nats.Internal;
using Vrsky.Nats.Protocol;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Internal;

public class CommandWriterTests
{
    private const int Frame = 28; // "PUB s 16\r\n" + 16 bytes + "\r\n"

    [Fact]
    public async Task AfterABrokenStreamOnlyWhatWasNeverHandedOverIsResent()
    {
        var writer = new CommandWriter(reconnectBufferSize: 1 << 20);
        var expected = new MemoryStream();
        for (var i = 0; i < 5000; i++)
        {
            var payload = Encoding.ASCII.GetBytes($"{i,16}");
            await writer.PublishAsync("s", null, null, payload, JsonSerializerOptions.Default, 0, CancellationToken.None);
            expected.Write(Encoding.ASCII.GetBytes($"PUB s 16\r\n{i,16}\r\n"));
        }

        var all = expected.ToArray();
        Assert.True(all.Length > 2 * 64 * 1024, "the batch must need several writes");

        // The first socket takes one write, then breaks; its last command is torn.
        var broken = new BreakingStream(acceptedWrites: 1);
        await Assert.ThrowsAsync<IOException>(() => writer.PumpAsync(broken, CancellationToken.None));
        var handed = broken.ToArray();
        Assert.Equal(all[..handed.Length], handed);
        Assert.NotEqual(0, handed.Length % Frame);

        // The next socket gets everything from the torn command on: nothing that was handed over whole is repeated.
        var next = new MemoryStream();
        using var stop = new CancellationTokenSource();
        var pump = writer.PumpAsync(next, stop.Token);
        await Eventually.WaitAsync(() => writer.Buffered == 0, TimeSpan.FromSeconds(10), "backlog sent");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);

        var resume = handed.Length / Frame * Frame;
        Assert.Equal(all[resume..], next.ToArray());
    }

    [Fact]
    public void CommandStartIsFoundAcrossPubHpubAndControlLines()
    {
        var commands = Encoding.ASCII.GetBytes("SUB a 1\r\nPUB a 3\r\nabc\r\nHPUB a r 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n");
        var hpub = Encoding.ASCII.GetString(commands).IndexOf("HPUB", StringComparison.Ordinal);
        var ping = Encoding.ASCII.GetString(commands).IndexOf("PING", StringComparison.Ordinal);
        Assert.Equal(0, ProtocolWriter.FindCommandStart(commands, 0));
        Assert.Equal(0, ProtocolWriter.FindCommandStart(commands, 3));
        Assert.Equal(9, ProtocolWriter.FindCommandStart(commands, 9));
        Assert.Equal(9, ProtocolWriter.FindCommandStart(commands, 20));
        Assert.Equal(hpub, ProtocolWriter.FindCommandStart(commands, hpub + 20));
        Assert.Equal(ping, ProtocolWriter.FindCommandStart(commands, ping + 1));
        Assert.Equal(commands.Length, ProtocolWriter.FindCommandStart(commands, commands.Length));
    }

    [Fact]
    public async Task DisconnectedPublishesStopAtTheReconnectBuffer()
    {
        var writer = new CommandWriter(reconnectBufferSize: 10 * Frame);
        for (var i = 0; i < 10; i++)
        {
            await writer.PublishAsync("s", null, null, new byte[16], JsonSerializerOptions.Default, 0, CancellationToken.None);
        }

        await Assert.ThrowsAsync<NatsException>(async () =>
            await writer.PublishAsync("s", null, null, new byte[16], JsonSerializerOptions.Default, 0, CancellationToken.None));
        Assert.Equal(10 * Frame, writer.Buffered);
    }

    [Fact]
    public async Task WhileConnectedCallersWaitOnceTheBufferIsOverThePauseThreshold()
    {
        var writer = new CommandWriter(reconnectBufferSize: 1 << 20) { Connected = true };
        var payload = new byte[16 * 1024];
        ValueTask publish;
        var count = 0;
        do
        {
            publish = writer.PublishAsync("s", null, null, payload, JsonSerializerOptions.Default, 0, CancellationToken.None);
            count++;
        }
        while (publish.IsCompleted);

        Assert.True(writer.Buffered > CommandWriter.PauseThreshold);
        var sink = new MemoryStream();
        using var stop = new CancellationTokenSource();
        var pump = writer.PumpAsync(sink, stop.Token);
        await publish.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.WaitAsync(() => writer.Buffered == 0, TimeSpan.FromSeconds(10), "buffer drained");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        Assert.Equal(count * (payload.Length + "PUB s 16384\r\n\r\n".Length), sink.Length);
    }

    [Fact]
    public async Task OnlyWaitersOfPingsSentToALostSocketFail()
    {
        var writer = new CommandWriter(reconnectBufferSize: 1 << 20);
        var sent = new TaskCompletionSource();
        var buffered = new TaskCompletionSource();
        await writer.PingAsync(sent, CancellationToken.None);
        var first = new MemoryStream();
        using (var stop = new CancellationTokenSource())
        {
            var pump = writer.PumpAsync(first, stop.Token);
            await Eventually.WaitAsync(() => writer.Buffered == 0, TimeSpan.FromSeconds(10), "PING sent");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        }

        // Queued while disconnected: the next session sends it.
        await writer.PingAsync(buffered, CancellationToken.None);
        writer.FailLostPongWaiters(new NatsException("lost"));
        await Assert.ThrowsAsync<NatsException>(() => sent.Task);
        Assert.False(buffered.Task.IsCompleted);

        var second = new MemoryStream();
        using (var stop = new CancellationTokenSource())
        {
            var pump = writer.PumpAsync(second, stop.Token);
            await Eventually.WaitAsync(() => writer.Buffered == 0, TimeSpan.FromSeconds(10), "PING re-sent");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        }

        Assert.Equal("PING\r\n", Encoding.ASCII.GetString(second.ToArray()));
        writer.OnPong();
        await buffered.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void PingsAreCountedAcrossPayloadsThatLookLikePings()
    {
        var commands = Encoding.ASCII.GetBytes("PUB a 6\r\nPING\r\n\r\nPING\r\nSUB b 1\r\nPING\r\n");
        Assert.Equal(2, ProtocolWriter.CountPings(commands));
    }

    /// <summary>Records what it accepts; after <c>acceptedWrites</c> writes every write fails, as a reset socket does.</summary>
    private sealed class BreakingStream(int acceptedWrites) : MemoryStream
    {
        private int _writes;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_writes > acceptedWrites
                ? ValueTask.FromException(new IOException("Connection reset by peer"))
                : base.WriteAsync(buffer, cancellationToken);
    }
}
