using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.Tests.JetStream;

public class PublishTests(JetStreamServerFixture fixture) : IClassFixture<JetStreamServerFixture>
{
    private readonly INatsJSContext _js = fixture.JetStream;

    public sealed record Order(string Id, decimal Amount);

    [Fact]
    public async Task AckNamesStreamAndSequence()
    {
        var name = await CreateStreamAsync("ACK");

        var first = await _js.PublishAsync($"{name}.x", new Order("o-1", 9.5m));
        var second = await _js.PublishAsync($"{name}.x", new Order("o-2", 1m));

        Assert.Equal(name, first.Stream);
        Assert.Equal(1UL, first.Seq);
        Assert.Equal(2UL, second.Seq);
        Assert.False(first.Duplicate);
    }

    [Fact]
    public async Task SameMsgIdIsStoredOnceAndReportedAsDuplicate()
    {
        var name = await CreateStreamAsync("DEDUPE");
        var opts = new NatsJSPubOpts { MsgId = "order-42" };

        var first = await _js.PublishAsync($"{name}.x", "payload", opts);
        var again = await _js.PublishAsync($"{name}.x", "payload", opts);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(1UL, (await _js.GetStreamAsync(name)).State.Messages);
    }

    [Fact]
    public async Task ExpectationsAreEnforcedByTheServer()
    {
        var name = await CreateStreamAsync("EXPECT");
        await _js.PublishAsync($"{name}.a", 1);
        await _js.PublishAsync($"{name}.b", 2);

        var wrongSeq = await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(async () =>
            await _js.PublishAsync($"{name}.a", 3, new NatsJSPubOpts { ExpectedLastSequence = 1 }));
        Assert.Equal(10071, wrongSeq.ErrorCode);

        await Assert.ThrowsAsync<NatsJSWrongLastSequenceException>(async () =>
            await _js.PublishAsync($"{name}.a", 3, new NatsJSPubOpts { ExpectedLastSubjectSequence = 2 }));
        await Assert.ThrowsAsync<NatsJSExpectedStreamMismatchException>(async () =>
            await _js.PublishAsync($"{name}.a", 3, new NatsJSPubOpts { ExpectedStream = "OTHER" }));

        var ok = await _js.PublishAsync($"{name}.a", 3, new NatsJSPubOpts { ExpectedLastSequence = 2, ExpectedLastSubjectSequence = 1, ExpectedStream = name });
        Assert.Equal(3UL, ok.Seq);
    }

    [Fact]
    public async Task PublishWithoutStreamFailsWithClearError()
    {
        var js = new NatsJSContext(fixture.Connection, new NatsJSOpts { NoRespondersRetry = TimeSpan.FromMilliseconds(200) });

        var ex = await Assert.ThrowsAsync<NatsJSException>(async () => await js.PublishAsync("nobody.listens", 1));
        Assert.IsType<NatsNoRespondersException>(ex.InnerException);
    }

    [Fact]
    public async Task PublisherWindowAcksTenThousandMessages()
    {
        var name = await CreateStreamAsync("WINDOW");
        var publisher = _js.CreatePublisher(maxInFlight: 128);
        var acks = new List<Task<PubAckResponse>>();
        var maxInFlightSeen = 0;

        for (var i = 0; i < 10_000; i++)
        {
            acks.Add(await publisher.PublishAsync($"{name}.x", i));
            maxInFlightSeen = Math.Max(maxInFlightSeen, publisher.InFlight);
        }

        var results = await Task.WhenAll(acks);

        Assert.True(maxInFlightSeen <= 128, $"saw {maxInFlightSeen} in flight");
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (ulong)i), results.Select(a => a.Seq).Order());
        Assert.Equal(10_000UL, (await _js.GetStreamAsync(name)).State.Messages);
    }

    private async Task<string> CreateStreamAsync(string prefix)
    {
        var name = JetStreamServerFixture.UniqueName(prefix);
        await _js.CreateStreamAsync(new StreamConfig(name, $"{name}.>") { Storage = StorageType.Memory });
        return name;
    }
}
