using System.Diagnostics;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.Tests.JetStream;

public class ConsumerTests(JetStreamServerFixture fixture) : IClassFixture<JetStreamServerFixture>
{
    private static readonly NatsJSAckOpts Confirmed = new() { DoubleAck = true };
    private readonly INatsJSContext _js = fixture.JetStream;

    [Fact]
    public async Task FetchDeliversBatchWithMetadataAndAckEmptiesTheConsumer()
    {
        var (stream, consumer) = await SetUpAsync("FETCH", new ConsumerConfig("worker"), messages: 5);

        var got = await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 3, Expires = TimeSpan.FromSeconds(5) });
        Assert.Equal([0, 1, 2], got.Select(m => m.Data));
        var meta = got[2].Metadata!.Value;
        Assert.Equal(stream, meta.Stream);
        Assert.Equal("worker", meta.Consumer);
        Assert.Equal(new NatsJSSequencePair(3, 3), meta.Sequence);
        Assert.Equal(2UL, meta.NumPending);
        Assert.Equal(1UL, meta.NumDelivered);

        // The rest, then an expiry with nothing left returns an empty batch.
        got.AddRange(await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(1) }));
        Assert.Equal([0, 1, 2, 3, 4], got.Select(m => m.Data));
        foreach (var msg in got)
        {
            await msg.AckAsync(Confirmed);
        }

        var info = await _js.GetConsumerAsync(stream, consumer);
        Assert.Equal(0, info.NumAckPending);
        Assert.Equal(5UL, info.AckFloor.StreamSeq);
        Assert.Empty(await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 10, NoWait = true }));
    }

    [Fact]
    public async Task NakWithDelayRedeliversAfterTheDelay()
    {
        var (stream, consumer) = await SetUpAsync("NAK", new ConsumerConfig("worker"), messages: 1);
        var first = Assert.Single(await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 1 }));
        var nakAt = Stopwatch.StartNew();

        await first.NakAsync(TimeSpan.FromSeconds(1), Confirmed);
        var again = Assert.Single(await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }));

        Assert.True(nakAt.Elapsed >= TimeSpan.FromMilliseconds(900), $"redelivered after {nakAt.Elapsed}");
        Assert.Equal(2UL, again.Metadata!.Value.NumDelivered);
        Assert.Equal(first.Metadata!.Value.Sequence.Stream, again.Metadata!.Value.Sequence.Stream);
    }

    [Fact]
    public async Task TermStopsRedeliveryAndAckWaitExpiryRedelivers()
    {
        var config = new ConsumerConfig("worker") { AckWait = TimeSpan.FromMilliseconds(500) };
        var (stream, consumer) = await SetUpAsync("TERM", config, messages: 2);
        var batch = await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 2 });

        await batch[0].TermAsync(Confirmed); // message 0 is given up; message 1 is simply not acked

        // Over 2 s message 1 comes back after every 500 ms ack wait; message 0 never does.
        var redelivered = await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2) });
        Assert.NotEmpty(redelivered);
        Assert.All(redelivered, m => Assert.Equal(1, m.Data));
        Assert.Equal(2UL, redelivered[0].Metadata!.Value.NumDelivered);
    }

    [Fact]
    public async Task MaxDeliverLimitsRedeliveries()
    {
        var config = new ConsumerConfig("worker") { AckWait = TimeSpan.FromMilliseconds(300), MaxDeliver = 2 };
        var (stream, consumer) = await SetUpAsync("MAXDLV", config, messages: 1);

        var deliveries = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var msg in await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(1.5) }))
            {
                deliveries.Add(msg.Metadata!.Value.NumDelivered);
            }
        }

        Assert.Equal([1UL, 2UL], deliveries);
    }

    [Fact]
    public async Task InProgressKeepsTheMessageFromBeingRedelivered()
    {
        // The work (5 × 600 ms) outlasts the 2 s ack wait; each step leaves 1.4 s of slack so a loaded machine
        // does not turn a late progress report into a redelivery.
        var config = new ConsumerConfig("worker") { AckWait = TimeSpan.FromSeconds(2) };
        var (stream, consumer) = await SetUpAsync("WPI", config, messages: 1);
        var msg = Assert.Single(await FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 1 }));

        // A pull waiting for 4 s would receive the message if its ack wait ran out.
        var watcher = FetchAllAsync(stream, consumer, new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(4) });
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(600); // simulated work, reporting progress between steps
            await msg.InProgressAsync(Confirmed);
        }

        await msg.AckAsync(Confirmed);
        Assert.Empty(await watcher);
        Assert.Equal(0, (await _js.GetConsumerAsync(stream, consumer)).NumRedelivered);
    }

    [Fact]
    public async Task ConsumeRefillsContinuously()
    {
        var (stream, consumer) = await SetUpAsync("CONSUME", new ConsumerConfig("worker"), messages: 50);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var opts = new NatsJSConsumeOpts { MaxMsgs = 16, Expires = TimeSpan.FromSeconds(2) };

        var received = new List<int>();
        await foreach (var msg in _js.ConsumeAsync<int>(stream, consumer, opts, cts.Token))
        {
            received.Add(msg.Data);
            await msg.AckAsync(cancellationToken: cts.Token);
            if (received.Count == 50)
            {
                // Later publishes reach the same loop.
                for (var i = 50; i < 80; i++)
                {
                    await _js.PublishAsync($"{stream}.x", i, cancellationToken: cts.Token);
                }
            }

            if (received.Count == 80)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 80), received);
    }

    [Fact]
    public async Task FetchFromMissingConsumerFails()
    {
        var (stream, _) = await SetUpAsync("MISSING", new ConsumerConfig("worker"), messages: 0);

        var ex = await Assert.ThrowsAsync<NatsJSConsumerNotFoundException>(async () =>
            await FetchAllAsync(stream, "ghost", new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(1) }));
        Assert.Equal(NatsJSErrorCodes.ConsumerNotFound, ex.ErrorCode);
    }

    private async Task<(string Stream, string Consumer)> SetUpAsync(string prefix, ConsumerConfig config, int messages)
    {
        var stream = JetStreamServerFixture.UniqueName(prefix);
        await _js.CreateStreamAsync(new StreamConfig(stream, $"{stream}.>") { Storage = StorageType.Memory });
        var info = await _js.CreateOrUpdateConsumerAsync(stream, config);
        for (var i = 0; i < messages; i++)
        {
            await _js.PublishAsync($"{stream}.x", i);
        }

        return (stream, info.Name);
    }

    private async Task<List<NatsJSMsg<int>>> FetchAllAsync(string stream, string consumer, NatsJSFetchOpts opts)
    {
        var list = new List<NatsJSMsg<int>>();
        await foreach (var msg in _js.FetchAsync<int>(stream, consumer, opts))
        {
            list.Add(msg);
        }

        return list;
    }
}
