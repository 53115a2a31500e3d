using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.DiscordBot.Tests.Bridge;

[Collection(BotCollection.Name)]
public sealed class ResponseRedeliveryTests(BotFixture fixture)
{
    [Fact]
    public async Task ARoundCreationResponseDeliveredAgainCreatesOneScheduledEvent()
    {
        var environment = "redeliver" + Guid.NewGuid().ToString("N")[..6];
        var guild = fixture.AdminGuildId;
        await using var gateway = await GatewaySideAsync(environment);
        var name = "Round " + environment;
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var response = new BotResponse($"round-created:{environment}", guild, null,
        [
            new BotAction
            {
                Kind = BotActionKinds.CreateScheduledEvent,
                ScheduledEvent = new GuildScheduledEventCreate(name, start, start.AddHours(3), new EntityMetadata("Park")),
                Ref = "round:1:event",
            },
        ]);

        // The first delivery; then the same response again, as JetStream redelivers it to a gateway that restarted
        // (a new executor) before its ack.
        await gateway.NewExecutor().ExecuteAsync(response, CancellationToken.None);
        await gateway.NewExecutor().ExecuteAsync(response, CancellationToken.None);

        Assert.Single(fixture.Emulator.State.ScheduledEvents(guild), e => e.Name == name);
        var stream = await gateway.Nats.CreateJetStreamContext().GetStreamAsync(gateway.Subjects.InteractionStream);
        Assert.Equal(1UL, stream.State.Messages); // one ActionResult carrying the event's id
    }

    [Fact]
    public async Task AnEditOlderThanOneAppliedToTheSameMessageIsDropped()
    {
        var environment = "order" + Guid.NewGuid().ToString("N")[..6];
        var guild = fixture.AdminGuildId;
        await using var gateway = await GatewaySideAsync(environment);
        var channel = fixture.Emulator.State.Channels(guild)[0].Id;
        var message = await gateway.Rest.CreateMessageAsync(channel, new MessageParams { Content = "round: nobody" });
        BotResponse Edit(string worker, long version, string content) => new($"response:{worker}:{environment}", guild, null,
            [new BotAction { Kind = BotActionKinds.EditMessage, ChannelId = channel, MessageId = message.Id, Message = new MessageParams { Content = content }, Version = version }]);
        var executor = gateway.NewExecutor();

        // Worker 2 committed after worker 1 (it saw Alice's join) but its response is applied first.
        await executor.ExecuteAsync(Edit("worker2", 2, "round: Alice, Bob"), CancellationToken.None);
        await executor.ExecuteAsync(Edit("worker1", 1, "round: Alice"), CancellationToken.None);
        Assert.Equal("round: Alice, Bob", fixture.Emulator.State.Message(message.Id)!.Message.Content);

        await executor.ExecuteAsync(Edit("worker1-next", 3, "round: Alice, Bob, Carol"), CancellationToken.None);
        Assert.Equal("round: Alice, Bob, Carol", fixture.Emulator.State.Message(message.Id)!.Message.Content);
    }

    /// <summary>What a gateway process holds to apply responses: the environment's streams on NATS, REST to the emulator.</summary>
    private async Task<GatewaySide> GatewaySideAsync(string environment)
    {
        var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var subjects = new BotSubjects(environment);
        var options = new BotOptions { Environment = environment };
        var bus = new EventBus(nats, subjects, options, NullLogger<EventBus>.Instance);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        var identity = new ApplicationIdentity(options);
        identity.Learn(fixture.Emulator.Options.ApplicationId, fixture.Emulator.Options.ApplicationId);
        var rest = new DiscordRestClient(new DiscordOpts { Token = fixture.Emulator.Options.Token, ApiBaseUrl = fixture.Emulator.ApiBaseUrl });
        return new GatewaySide(nats, subjects, bus, rest, identity);
    }

    private sealed class GatewaySide(NatsConnection nats, BotSubjects subjects, EventBus bus, DiscordRestClient rest, ApplicationIdentity identity) : IAsyncDisposable
    {
        public NatsConnection Nats => nats;

        public BotSubjects Subjects => subjects;

        public DiscordRestClient Rest => rest;

        /// <summary>A fresh executor, as a restarted gateway would have; what it records of completed actions is in NATS.</summary>
        public ResponseExecutor NewExecutor() => new(rest, bus, new CompletedActions(nats, subjects), identity, NullLogger<ResponseExecutor>.Instance);

        public async ValueTask DisposeAsync()
        {
            rest.Dispose();
            await nats.DisposeAsync();
        }
    }
}
