using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.DiscordBot.Tests.Bridge;

/// <summary>
/// A handler that never returns throws nothing: JetStream gives up after MaxDeliver deliveries with only its
/// max-deliveries advisory, and the bus dead-letters the message from that.
/// </summary>
[Collection(BotCollection.Name)]
public sealed class MaxDeliveriesDeadLetterTests(BotFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AMessageWhoseHandlerHangsPastEveryAckWaitIsDeadLettered()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var environment = "hang" + Guid.NewGuid().ToString("N")[..6];
        var bus = new EventBus(nats, new BotSubjects(environment),
            new BotOptions { Environment = environment, MaxDeliver = 2, AckWait = TimeSpan.FromSeconds(1) }, NullLogger<EventBus>.Instance);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        var deliveries = 0;
        using var stop = new CancellationTokenSource();
        var consuming = bus.ConsumeAsync<BotEvent>(bus.Subjects.InteractionStream, bus.Subjects.WorkerConsumer, async (_, token) =>
        {
            Interlocked.Increment(ref deliveries);
            await Task.Delay(Timeout.Infinite, token);
        }, e => e.Id, stop.Token);

        await bus.PublishEventAsync(new BotEvent { Id = "stuck", Kind = BotEventKinds.RoundStart, GuildId = "9", RoundId = 1 }, CancellationToken.None);

        var js = nats.CreateJetStreamContext();
        await Eventually.WaitAsync(async () => (await js.GetStreamAsync(bus.Subjects.DeadLetterStream)).State.Messages == 1, Deadline, "dead letter");
        var dead = await js.GetMsgAsync(bus.Subjects.DeadLetterStream, new StreamMsgGetRequest { LastBySubj = bus.Subjects.DeadLetter("interaction") });
        Assert.Contains("\"stuck\"", Encoding.UTF8.GetString(dead.Data!), StringComparison.Ordinal);
        var headers = Encoding.UTF8.GetString(dead.Hdrs!);
        Assert.Contains($"Vrsky-Original-Subject: {bus.Subjects.Interaction("9")}", headers, StringComparison.Ordinal);
        Assert.Contains("Vrsky-Deliveries: 2", headers, StringComparison.Ordinal);
        Assert.Contains("no acknowledgement within the ack wait", headers, StringComparison.Ordinal);
        // The hung handler saw the first delivery only; the message was not handed out again after the advisory.
        Assert.Equal(1, Volatile.Read(ref deliveries));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }

    [Fact]
    public async Task ALastDeliveryThatHangsPastTheAckWaitAndThenFailsIsDeadLetteredOnce()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var environment = "twice" + Guid.NewGuid().ToString("N")[..6];
        var bus = new EventBus(nats, new BotSubjects(environment),
            new BotOptions { Environment = environment, MaxDeliver = 1, AckWait = TimeSpan.FromSeconds(1) }, NullLogger<EventBus>.Instance);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        var js = nats.CreateJetStreamContext();
        async Task<ulong> DeadLetters() => (await js.GetStreamAsync(bus.Subjects.DeadLetterStream)).State.Messages;
        var givenUp = 0;
        using var stop = new CancellationTokenSource();
        var consuming = bus.ConsumeAsync<BotEvent>(bus.Subjects.InteractionStream, bus.Subjects.WorkerConsumer, async (_, _) =>
        {
            // Hangs until the max-deliveries advisory has dead-lettered the message, then fails as well.
            await Eventually.WaitAsync(async () => await DeadLetters() >= 1, Deadline, "dead letter from the advisory");
            throw new InvalidOperationException("failed late");
        }, e => e.Id, stop.Token, deadLettered: (_, _) =>
        {
            Interlocked.Increment(ref givenUp);
            return Task.CompletedTask;
        });

        await bus.PublishEventAsync(new BotEvent { Id = "late", Kind = BotEventKinds.RoundStart, GuildId = "9", RoundId = 1 }, CancellationToken.None);

        // Both ways of giving up ran; the second dead letter has the first one's id and is dropped as a duplicate.
        await Eventually.WaitAsync(() => Volatile.Read(ref givenUp) == 2, Deadline, "both dead-letter paths");
        Assert.Equal(1UL, await DeadLetters());

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
    }
}
