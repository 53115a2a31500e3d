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
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var subjects = new BotSubjects(environment);
        var options = new BotOptions { Environment = environment };
        var bus = new EventBus(nats, subjects, options, NullLogger<EventBus>.Instance);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        using var rest = new DiscordRestClient(new DiscordOpts { Token = fixture.Emulator.Options.Token, ApiBaseUrl = fixture.Emulator.ApiBaseUrl });
        var identity = new ApplicationIdentity(options);
        identity.Learn(fixture.Emulator.Options.ApplicationId, fixture.Emulator.Options.ApplicationId);
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
        await Executor(rest, bus, nats, subjects, identity).ExecuteAsync(response, CancellationToken.None);
        await Executor(rest, bus, nats, subjects, identity).ExecuteAsync(response, CancellationToken.None);

        Assert.Single(fixture.Emulator.State.ScheduledEvents(guild), e => e.Name == name);
        var stream = await nats.CreateJetStreamContext().GetStreamAsync(subjects.InteractionStream);
        Assert.Equal(1UL, stream.State.Messages); // one ActionResult carrying the event's id
    }

    [Fact]
    public async Task AnEditOlderThanOneAppliedToTheSameMessageIsDropped()
    {
        var environment = "order" + Guid.NewGuid().ToString("N")[..6];
        var guild = fixture.AdminGuildId;
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var subjects = new BotSubjects(environment);
        var options = new BotOptions { Environment = environment };
        var bus = new EventBus(nats, subjects, options, NullLogger<EventBus>.Instance);
        await bus.EnsureStreamsAsync(CancellationToken.None);
        using var rest = new DiscordRestClient(new DiscordOpts { Token = fixture.Emulator.Options.Token, ApiBaseUrl = fixture.Emulator.ApiBaseUrl });
        var identity = new ApplicationIdentity(options);
        identity.Learn(fixture.Emulator.Options.ApplicationId, fixture.Emulator.Options.ApplicationId);
        var channel = fixture.Emulator.State.Channels(guild)[0].Id;
        var message = await rest.CreateMessageAsync(channel, new MessageParams { Content = "round: nobody" });
        BotResponse Edit(string worker, long version, string content) => new($"response:{worker}:{environment}", guild, null,
            [new BotAction { Kind = BotActionKinds.EditMessage, ChannelId = channel, MessageId = message.Id, Message = new MessageParams { Content = content }, Version = version }]);
        var executor = Executor(rest, bus, nats, subjects, identity);

        // Worker 2 committed after worker 1 (it saw Alice's join) but its response is applied first.
        await executor.ExecuteAsync(Edit("worker2", 2, "round: Alice, Bob"), CancellationToken.None);
        await executor.ExecuteAsync(Edit("worker1", 1, "round: Alice"), CancellationToken.None);
        Assert.Equal("round: Alice, Bob", fixture.Emulator.State.Message(message.Id)!.Message.Content);

        await executor.ExecuteAsync(Edit("worker1-next", 3, "round: Alice, Bob, Carol"), CancellationToken.None);
        Assert.Equal("round: Alice, Bob, Carol", fixture.Emulator.State.Message(message.Id)!.Message.Content);
    }

    private static ResponseExecutor Executor(IDiscordRestClient rest, EventBus bus, INatsConnection nats, BotSubjects subjects, ApplicationIdentity identity) =>
        new(rest, bus, new CompletedActions(nats, subjects), identity, NullLogger<ResponseExecutor>.Instance);
}
