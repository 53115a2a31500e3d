using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.DiscordBot.Tests.Bridge;

[Collection(BotCollection.Name)]
public sealed class EventBusTests(BotFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private EventBus Bus(INatsConnection nats, string environment, int maxDeliver = 5) =>
        new(nats, new BotSubjects(environment), new BotOptions { Environment = environment, MaxDeliver = maxDeliver, AckWait = TimeSpan.FromSeconds(1) }, NullLogger<EventBus>.Instance);

    [Fact]
    public async Task TwoEnvironmentsOnOneServerNeverSeeEachOthersMessages()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var staging = Bus(nats, "staging" + suffix);
        var production = Bus(nats, "production" + suffix);
        await staging.EnsureStreamsAsync(CancellationToken.None);
        await production.EnsureStreamsAsync(CancellationToken.None);

        var seen = new List<string>();
        using var stop = new CancellationTokenSource();
        var consuming = production.ConsumeAsync<BotEvent>(production.Subjects.InteractionStream, production.Subjects.WorkerConsumer,
            (e, _) => { lock (seen) { seen.Add(e.Id); } return Task.CompletedTask; }, e => e.Id, stop.Token);
        await staging.PublishEventAsync(new BotEvent { Id = "staging-1", Kind = BotEventKinds.RoundStart, GuildId = "1", RoundId = 1 }, CancellationToken.None);
        await production.PublishEventAsync(new BotEvent { Id = "production-1", Kind = BotEventKinds.RoundStart, GuildId = "1", RoundId = 1 }, CancellationToken.None);

        await Eventually.WaitAsync(() => { lock (seen) { return seen.Count == 1; } }, Deadline, "production's own event");
        var js = nats.CreateJetStreamContext();
        Assert.Equal(1UL, (await js.GetStreamAsync(staging.Subjects.InteractionStream)).State.Messages);
        Assert.Equal(1UL, (await js.GetStreamAsync(production.Subjects.InteractionStream)).State.Messages);
        var consumer = await js.GetConsumerAsync(production.Subjects.InteractionStream, production.Subjects.WorkerConsumer);
        Assert.Equal(0UL, consumer.NumPending);
        Assert.Equal(["production-1"], seen);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }

    [Fact]
    public async Task ARepeatedMsgIdIsStoredOnce()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var bus = Bus(nats, "dedupe" + Guid.NewGuid().ToString("N")[..6]);
        await bus.EnsureStreamsAsync(CancellationToken.None);

        var evt = new BotEvent { Id = "interaction:1", Kind = BotEventKinds.RoundStart, GuildId = "7", RoundId = 3 };
        await bus.PublishEventAsync(evt, CancellationToken.None);
        await bus.PublishEventAsync(evt, CancellationToken.None);

        Assert.Equal(1UL, (await nats.CreateJetStreamContext().GetStreamAsync(bus.Subjects.InteractionStream)).State.Messages);
    }

    [Fact]
    public async Task AMessageThatKeepsFailingEndsInTheDeadLetterSubject()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var bus = Bus(nats, "dlq" + Guid.NewGuid().ToString("N")[..6], maxDeliver: 2);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var consuming = bus.ConsumeAsync<BotEvent>(bus.Subjects.InteractionStream, bus.Subjects.WorkerConsumer,
            (_, _) => { Interlocked.Increment(ref attempts); throw new InvalidOperationException("handler broke"); }, e => e.Id, stop.Token);

        await bus.PublishEventAsync(new BotEvent { Id = "poison", Kind = BotEventKinds.RoundStart, GuildId = "9", RoundId = 1 }, CancellationToken.None);

        var js = nats.CreateJetStreamContext();
        await Eventually.WaitAsync(async () => (await js.GetStreamAsync(bus.Subjects.DeadLetterStream)).State.Messages == 1, Deadline, "dead letter");
        Assert.Equal(2, Volatile.Read(ref attempts));
        var dead = await js.GetMsgAsync(bus.Subjects.DeadLetterStream, new Nats.JetStream.Models.StreamMsgGetRequest { LastBySubj = bus.Subjects.DeadLetter("interaction") });
        Assert.Contains("poison", System.Text.Encoding.UTF8.GetString(dead.Data!));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }
}
