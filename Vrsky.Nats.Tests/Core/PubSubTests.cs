using System.Threading.Channels;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Core;

public class PubSubTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public sealed record Order(string Id, int Quantity);

    [Fact]
    public async Task BytesAndJsonRoundTrip()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);

        await using var raw = await nats.SubscribeCoreAsync<byte[]>("raw", cancellationToken: cts.Token);
        await using var json = await nats.SubscribeCoreAsync<Order>("json", cancellationToken: cts.Token);
        await using var text = await nats.SubscribeCoreAsync<string>("text", cancellationToken: cts.Token);
        await nats.PublishAsync("raw", new byte[] { 1, 2, 3 }, cancellationToken: cts.Token);
        await nats.PublishAsync("json", new Order("o-1", 3), cancellationToken: cts.Token);
        await nats.PublishAsync("text", "héllo", cancellationToken: cts.Token);
        await nats.PublishAsync("json", ReadOnlyMemory<byte>.Empty, cancellationToken: cts.Token);

        Assert.Equal([1, 2, 3], (await raw.Msgs.ReadAsync(cts.Token)).Data);
        var order = await json.Msgs.ReadAsync(cts.Token);
        Assert.Equal(new Order("o-1", 3), order.Data);
        Assert.Equal("json", order.Subject);
        Assert.Equal("héllo", (await text.Msgs.ReadAsync(cts.Token)).Data);
        Assert.Null((await json.Msgs.ReadAsync(cts.Token)).Data);
    }

    [Fact]
    public async Task ReadOnlyMemoryPayloadPublishesRawBytes()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<byte[]>("rom", cancellationToken: cts.Token);

        // A slice, so offset and length matter; JSON would have sent base64 in quotes.
        ReadOnlyMemory<byte> data = new byte[] { 9, 1, 2, 3, 9 }.AsMemory(1, 3);
        await nats.PublishAsync("rom", data, cancellationToken: cts.Token);
        await nats.PublishAsync("rom", data, new NatsHeaders { { "X-Kind", "raw" } }, cancellationToken: cts.Token);

        var plain = await sub.Msgs.ReadAsync(cts.Token);
        Assert.Equal([1, 2, 3], plain.Data);
        Assert.Equal(3, plain.Size);
        var withHeaders = await sub.Msgs.ReadAsync(cts.Token);
        Assert.Equal([1, 2, 3], withHeaders.Data);
        Assert.Equal("raw", withHeaders.Headers!["X-Kind"]);
    }

    [Fact]
    public async Task ConcurrentPublishersPastTheWriteBufferLoseNothingAndKeepTheirOrder()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var publisher = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var subscriber = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sub = await subscriber.SubscribeCoreAsync<byte[]>(
            "many", opts: new NatsSubOpts { ChannelCapacity = 1024, ChannelFullMode = BoundedChannelFullMode.Wait }, cancellationToken: cts.Token);
        await subscriber.FlushAsync(cts.Token);

        // 8 × 2,000 × ~540 B ≈ 8.6 MB: well past the writer's pause threshold, so publishers also wait for the pump.
        const int publishers = 8;
        const int each = 2_000;
        var tasks = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            var payload = new byte[512];
            for (var i = 0; i < each; i++)
            {
                BitConverter.TryWriteBytes(payload.AsSpan(0, 4), p);
                BitConverter.TryWriteBytes(payload.AsSpan(4, 4), i);
                await publisher.PublishAsync("many", payload, cancellationToken: cts.Token);
            }
        })).ToArray();

        var next = new int[publishers];
        for (var n = 0; n < publishers * each; n++)
        {
            var data = (await sub.Msgs.ReadAsync(cts.Token)).Data!;
            var p = BitConverter.ToInt32(data, 0);
            Assert.Equal(next[p]++, BitConverter.ToInt32(data, 4));
        }

        await Task.WhenAll(tasks);
        Assert.All(next, count => Assert.Equal(each, count));
    }

    [Fact]
    public async Task HeadersRoundTripWithMultipleValuesAndCaseKept()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<string>("h", cancellationToken: cts.Token);

        var headers = new NatsHeaders { { "X-Trace", "a" }, { "X-Trace", "b" }, { "x-trace", "lower" } };
        headers["Nats-Msg-Id"] = "id-1";
        await nats.PublishAsync("h", "body", headers, cancellationToken: cts.Token);

        var msg = await sub.Msgs.ReadAsync(cts.Token);
        Assert.Equal("body", msg.Data);
        Assert.Equal(["a", "b"], msg.Headers!.GetValues("X-Trace"));
        Assert.Equal(["lower"], msg.Headers.GetValues("x-trace"));
        Assert.Equal("id-1", msg.Headers["Nats-Msg-Id"]);
        Assert.Equal(0, msg.Headers.Code);
    }

    [Fact]
    public async Task AsyncEnumerableUnsubscribesWhenLoopEnds()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Monitoring = true });
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        var received = new List<int>();
        var reader = Task.Run(async () =>
        {
            await foreach (var msg in nats.SubscribeAsync<int>("numbers", opts: new NatsSubOpts { MaxMsgs = 3 }, cancellationToken: cts.Token))
            {
                received.Add(msg.Data);
            }
        });
        await Eventually.WaitAsync(async () => (await server.GetMonitorAsync("/connz?subs=1")).Contains("\"numbers\""), Deadline);
        for (var i = 1; i <= 5; i++)
        {
            await nats.PublishAsync("numbers", i, cancellationToken: cts.Token);
        }

        await reader.WaitAsync(cts.Token);
        Assert.Equal([1, 2, 3], received);
    }

    [Fact]
    public async Task QueueGroupSharesLoad()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var a = await nats.SubscribeCoreAsync<int>("work", "workers", cancellationToken: cts.Token);
        await using var b = await nats.SubscribeCoreAsync<int>("work", "workers", cancellationToken: cts.Token);
        await nats.FlushAsync(cts.Token);

        const int n = 200;
        for (var i = 0; i < n; i++)
        {
            await nats.PublishAsync("work", i, cancellationToken: cts.Token);
        }

        await nats.FlushAsync(cts.Token);
        await Eventually.WaitAsync(() => a.Msgs.Count + b.Msgs.Count == n, Deadline);
        Assert.True(a.Msgs.Count > 0 && b.Msgs.Count > 0, $"a={a.Msgs.Count} b={b.Msgs.Count}");
        var all = new List<int>();
        while (a.Msgs.TryRead(out var m)) all.Add(m.Data);
        while (b.Msgs.TryRead(out var m)) all.Add(m.Data);
        Assert.Equal(Enumerable.Range(0, n), all.Order());
    }

    [Fact]
    public async Task AutoUnsubscribeAfterMaxMsgs()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<int>("limited", opts: new NatsSubOpts { MaxMsgs = 2 }, cancellationToken: cts.Token);
        for (var i = 0; i < 5; i++)
        {
            await nats.PublishAsync("limited", i, cancellationToken: cts.Token);
        }

        var got = new List<int>();
        await foreach (var msg in sub.Msgs.ReadAllAsync(cts.Token))
        {
            got.Add(msg.Data);
        }

        Assert.Equal([0, 1], got);
    }

    [Fact]
    public async Task SlowConsumerIsReportedAndDropsInsteadOfBlocking()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        var reports = new List<NatsSlowConsumerEventArgs>();
        nats.SlowConsumerDetected += (_, e) => { lock (reports) reports.Add(e); };
        await using var slow = await nats.SubscribeCoreAsync<int>("flood", opts: new NatsSubOpts { ChannelCapacity = 4 }, cancellationToken: cts.Token);
        await using var other = await nats.SubscribeCoreAsync<int>("other", cancellationToken: cts.Token);

        for (var i = 0; i < 50; i++)
        {
            await nats.PublishAsync("flood", i, cancellationToken: cts.Token);
        }

        await nats.PublishAsync("other", 42, cancellationToken: cts.Token);

        // The connection keeps delivering to others while one subscriber is stuck.
        Assert.Equal(42, (await other.Msgs.ReadAsync(cts.Token)).Data);
        await Eventually.WaitAsync(() => { lock (reports) return reports.Count > 0; }, Deadline);
        Assert.Equal("flood", reports[0].Subject);
        Assert.Equal(4, slow.Msgs.Count);
        Assert.Equal(0, (await slow.Msgs.ReadAsync(cts.Token)).Data);
    }
}
