using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Core;

public class ReconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RestartOnSamePortKeepsSubscriptionAndDeliversBufferedPublishes()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var opts = NatsOpts.Default with { Url = server.Url, ReconnectWait = TimeSpan.FromMilliseconds(50), ReconnectJitter = TimeSpan.Zero };
        await using var subscriber = new NatsConnection(opts);
        await using var publisher = new NatsConnection(opts);
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await subscriber.SubscribeCoreAsync<int>("events", cancellationToken: cts.Token);

        // SUB and PUB travel on different connections: only a round trip proves the server has the SUB.
        await subscriber.FlushAsync(cts.Token);
        var states = new List<NatsConnectionState>();
        publisher.ConnectionStateChanged += (_, e) => { lock (states) states.Add(e.State); };
        await publisher.PublishAsync("events", 1, cancellationToken: cts.Token);
        Assert.Equal(1, (await sub.Msgs.ReadAsync(cts.Token)).Data);

        server.Kill();
        await Eventually.WaitAsync(() => publisher.ConnectionState == NatsConnectionState.Reconnecting, Deadline);
        for (var i = 2; i <= 11; i++)
        {
            await publisher.PublishAsync("events", i, cancellationToken: cts.Token);
        }

        await server.StartProcessAsync(cts.Token);
        await Eventually.WaitAsync(() => subscriber.ConnectionState == NatsConnectionState.Open && publisher.ConnectionState == NatsConnectionState.Open, Deadline);

        // The subscriber's SUB must be back before the publisher's buffer is worth checking.
        await subscriber.FlushAsync(cts.Token);
        await publisher.PublishAsync("events", 12, cancellationToken: cts.Token);
        var received = new List<int>();
        while (received.Count == 0 || received[^1] != 12)
        {
            received.Add((await sub.Msgs.ReadAsync(cts.Token)).Data);
        }

        Assert.Contains(12, received);
        lock (states)
        {
            Assert.Contains(NatsConnectionState.Reconnecting, states);
        }
    }

    [Fact]
    public async Task BufferedPublishesDuringGapArriveAfterReconnect()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var opts = NatsOpts.Default with { Url = server.Url, ReconnectWait = TimeSpan.FromMilliseconds(50) };
        await using var publisher = new NatsConnection(opts);
        await publisher.ConnectAsync();
        server.Kill();
        await Eventually.WaitAsync(() => publisher.ConnectionState == NatsConnectionState.Reconnecting, Deadline);
        for (var i = 0; i < 10; i++)
        {
            await publisher.PublishAsync("gap", i);
        }

        // Subscriber connects after restart; the publisher's SUB-less buffer is flushed only after it re-opens.
        await server.StartProcessAsync();
        await using var subscriber = new NatsConnection(opts);
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await subscriber.SubscribeCoreAsync<int>("gap", cancellationToken: cts.Token);
        await subscriber.FlushAsync(cts.Token);
        await publisher.FlushAsync(cts.Token);
        await publisher.PublishAsync("gap", 99, cancellationToken: cts.Token);
        var last = 0;
        while (last != 99)
        {
            last = (await sub.Msgs.ReadAsync(cts.Token)).Data;
        }
    }

    [Fact]
    public async Task ReconnectBufferOverflowThrowsClearly()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url, ReconnectBufferSize = 1000, ReconnectWait = TimeSpan.FromSeconds(30) });
        await nats.ConnectAsync();
        server.Kill();
        await Eventually.WaitAsync(() => nats.ConnectionState == NatsConnectionState.Reconnecting, Deadline);
        var error = await Assert.ThrowsAsync<NatsException>(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await nats.PublishAsync("x", new byte[100]);
            }
        });
        Assert.Contains("reconnect buffer", error.Message);
    }

    [Fact]
    public async Task ProxyCutReconnectsAndResubscribes()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = $"nats://127.0.0.1:{proxy.Port}", ReconnectWait = TimeSpan.FromMilliseconds(50) });
        await using var direct = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<int>("through.proxy", cancellationToken: cts.Token);
        await nats.FlushAsync(cts.Token);

        proxy.CutAll();
        await Eventually.WaitAsync(() => proxy.AcceptedCount >= 2 && nats.ConnectionState == NatsConnectionState.Open, Deadline);
        await nats.FlushAsync(cts.Token);
        await direct.PublishAsync("through.proxy", 7, cancellationToken: cts.Token);
        Assert.Equal(7, (await sub.Msgs.ReadAsync(cts.Token)).Data);
    }

    [Fact]
    public async Task DrainDeliversInFlightMessagesThenCloses()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var publisher = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        var sub = await nats.SubscribeCoreAsync<int>("drain", cancellationToken: cts.Token);
        await nats.FlushAsync(cts.Token);
        for (var i = 0; i < 100; i++)
        {
            await publisher.PublishAsync("drain", i, cancellationToken: cts.Token);
        }

        await publisher.FlushAsync(cts.Token);
        var received = new List<int>();
        var reader = Task.Run(async () =>
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(cts.Token))
            {
                received.Add(msg.Data);
            }
        });
        await nats.DrainAsync(cts.Token);
        await reader;

        Assert.Equal(Enumerable.Range(0, 100), received);
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }
}
