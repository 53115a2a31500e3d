using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.DeadLetters;

[Collection(ControlPlaneCollection.Name)]
public sealed class MessageLifecycleTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task SuccessfulMessageEndsCompleted()
    {
        var lifecycle = fixture.App.Services.GetRequiredService<MessageLifecycle>();
        var message = new PlatformMessage("ok-1", Guid.NewGuid(), Guid.NewGuid(), "orders.in", [1, 2, 3]);

        Assert.Equal(MessageStates.Completed, await lifecycle.ProcessAsync(message, (_, _) => Task.CompletedTask));
        Assert.Equal(MessageStates.Completed, (await StateAsync(message)).State);
    }

    [Fact]
    public async Task MessageFailingEveryAttemptLandsInTheDeadLetterQueueAfterBackoffAndCanBeReplayed()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("dlq");
        var lifecycle = fixture.App.Services.GetRequiredService<MessageLifecycle>();
        var message = new PlatformMessage("msg-42", tenantId, Guid.NewGuid(), $"dlq.{tenantId:N}.in", "payload"u8.ToArray());
        var attempts = new List<TimeSpan>();
        var states = new List<string>();
        var watch = Stopwatch.StartNew();

        var outcome = await lifecycle.ProcessAsync(message, async (_, _) =>
        {
            attempts.Add(watch.Elapsed);
            states.Add((await StateAsync(message)).State);
            throw new InvalidOperationException("downstream refused");
        });

        Assert.Equal(MessageStates.DeadLetter, outcome);
        Assert.Equal(4, attempts.Count);
        Assert.All(states, s => Assert.Equal(MessageStates.Processing, s));
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        // Timers run on a millisecond tick clock, so a delay can end a hair before the stopwatch agrees; a loaded
        // machine adds latency after it, up to a second here, which still tells 1 / 2 / 4 s apart from any other schedule.
        var timerSlack = TimeSpan.FromMilliseconds(20);
        Assert.All(gaps.Zip([1, 2, 4]), p => Assert.InRange(p.First, TimeSpan.FromSeconds(p.Second) - timerSlack, TimeSpan.FromSeconds(p.Second + 1)));
        var state = await StateAsync(message);
        Assert.Equal(MessageStates.DeadLetter, state.State);
        Assert.Equal("downstream refused", state.LastError);

        using var client = fixture.Client(key);
        var listed = (await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters"))).AsArray();
        Assert.Equal("msg-42", (string)Assert.Single(listed)!["message"]!["id"]!);
        var letter = await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/msg-42"));
        Assert.Equal(4, (int)letter["attempts"]!);

        // Replay: the payload is published to its subject again and the message starts over.
        await using var nats = fixture.PlatformNats();
        await using var sub = await nats.SubscribeCoreAsync<byte[]>(message.Subject);
        await nats.PingAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/tenants/{tenantId}/dead-letters/msg-42/retry", null)).StatusCode);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var replayed = await sub.Msgs.ReadAsync(wait.Token);
        Assert.Equal("payload"u8.ToArray(), replayed.Data);
        Assert.Equal(MessageStates.Received, (await StateAsync(message)).State);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/msg-42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/tenants/{tenantId}/dead-letters/msg-42/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/tenants/{tenantId}/dead-letters/bad.id")).StatusCode);
    }

    [Fact]
    public async Task OneRetryFromTheIntegrationDeadLettersAfterOneSecondAndASecondAttempt()
    {
        var message = new PlatformMessage($"one-{Guid.NewGuid():N}", Guid.NewGuid(), Guid.NewGuid(), "orders.in", [1], MaxRetries: 1);
        var attempts = new List<TimeSpan>();
        var watch = Stopwatch.StartNew();

        var outcome = await Lifecycle.ProcessAsync(message, (_, _) =>
        {
            attempts.Add(watch.Elapsed);
            throw new InvalidOperationException("refused");
        });

        Assert.Equal(MessageStates.DeadLetter, outcome);
        Assert.Equal(2, attempts.Count);
        Assert.InRange(attempts[1] - attempts[0], TimeSpan.FromMilliseconds(980), TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await DeadLetterAsync(message)).Attempts);
        Assert.Equal(1, (await DeadLetterAsync(message)).Message.MaxRetries);
    }

    [Fact]
    public async Task NoRetriesFromTheIntegrationDeadLettersAtOnce()
    {
        var message = new PlatformMessage($"none-{Guid.NewGuid():N}", Guid.NewGuid(), Guid.NewGuid(), "orders.in", [1], MaxRetries: 0);
        var attempts = 0;

        var outcome = await Lifecycle.ProcessAsync(message, (_, _) =>
        {
            attempts++;
            throw new InvalidOperationException("refused");
        });

        Assert.Equal(MessageStates.DeadLetter, outcome);
        Assert.Equal(1, attempts);
        Assert.Equal(1, (await DeadLetterAsync(message)).Attempts);
        await using var nats = fixture.PlatformNats();
        var retries = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.RetryQueue);
        Assert.False((await retries.TryGetEntryAsync<RetryEntry>(message.Key)).Success);
    }

    [Fact]
    public async Task MoreRetriesThanAnIntegrationMayHaveAreRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Lifecycle.ProcessAsync(
            new PlatformMessage("too-many", Guid.NewGuid(), Guid.NewGuid(), "orders.in", [1], MaxRetries: 11), (_, _) => Task.CompletedTask));

    private MessageLifecycle Lifecycle => fixture.App.Services.GetRequiredService<MessageLifecycle>();

    private async Task<DeadLetter> DeadLetterAsync(PlatformMessage message)
    {
        await using var nats = fixture.PlatformNats();
        var store = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.DeadLetterQueue);
        return (await store.GetEntryAsync<DeadLetter>(message.Key)).Value!;
    }

    private async Task<MessageState> StateAsync(PlatformMessage message)
    {
        await using var nats = fixture.PlatformNats();
        var store = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.MessageState);
        return (await store.GetEntryAsync<MessageState>(message.Key)).Value!;
    }
}
