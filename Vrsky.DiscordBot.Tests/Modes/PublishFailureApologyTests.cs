using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.DiscordBot.Tests.Modes;

/// <summary>
/// An interaction acknowledged but not published (its stream is missing here, as when JetStream is down) is apologised
/// for the way a dead-lettered one is: a deferred reply is edited, a Join/Leave press gets a follow-up of its own.
/// </summary>
[Collection(BotCollection.Name)]
public sealed class PublishFailureApologyTests(BotFixture fixture) : IAsyncLifetime
{
    private DiscordEmulator.DiscordEmulator _emulator = null!;
    private DiscordRestClient _rest = null!;
    private NatsConnection _nats = null!;
    private InteractionAcknowledger _acknowledger = null!;

    private string Guild => _emulator.Options.GuildIds[0];

    public async Task InitializeAsync()
    {
        _emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        _rest = new DiscordRestClient(new DiscordOpts { Token = _emulator.Options.Token, ApiBaseUrl = _emulator.ApiBaseUrl });
        _nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        // No EnsureStreamsAsync: every publish fails.
        var environment = "nostream" + Guid.NewGuid().ToString("N")[..6];
        var options = new BotOptions { Environment = environment, ApplicationId = _emulator.Options.ApplicationId };
        var bus = new EventBus(_nats, new BotSubjects(environment), options, NullLogger<EventBus>.Instance);
        var setup = new GuildSetup(_rest, new CommandRegistration(_rest, options, NullLogger<CommandRegistration>.Instance), NullLogger<GuildSetup>.Instance);
        _acknowledger = new InteractionAcknowledger(_rest, bus, setup, new ApplicationIdentity(options), NullLogger<InteractionAcknowledger>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _nats.DisposeAsync();
        _rest.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task AJoinPressGetsAFollowupAndTheRoundMessageIsLeftAlone()
    {
        var channel = _emulator.State.Channels(Guild)[0].Id;
        var round = await _rest.CreateMessageAsync(channel, new MessageParams
        {
            Content = "Round 1",
            Components = [Component.ActionRow(Component.Button(BotCommands.JoinPrefix + "1", "Join"))],
        });
        var press = await _emulator.ClickButtonAsync(Guild, _emulator.Options.OwnerId, round.Id, BotCommands.JoinPrefix + "1");

        await _acknowledger.HandleAsync(press.Interaction, CancellationToken.None);

        Assert.Equal(InteractionCallbackType.DeferredUpdateMessage, press.Response?.Type);
        var stored = _emulator.State.Message(round.Id)!;
        Assert.Equal("Round 1", stored.Message.Content);
        Assert.Equal(0, stored.Edits);
        var followup = _emulator.State.Message(Assert.Single(press.FollowupMessageIds))!;
        Assert.Equal(InteractionAcknowledger.PublishFailedText, followup.Message.Content);
        Assert.True(followup.Ephemeral);
    }

    [Fact]
    public async Task ADeferredCommandHasItsReplyEditedIntoTheApology()
    {
        var command = await _emulator.InvokeCommandAsync(Guild, _emulator.Options.OwnerId, BotCommands.Leaderboard);

        await _acknowledger.HandleAsync(command.Interaction, CancellationToken.None);

        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, command.Response?.Type);
        Assert.Equal(InteractionAcknowledger.PublishFailedText, _emulator.State.Message(command.OriginalMessageId!)!.Message.Content);
        Assert.Empty(command.FollowupMessageIds);
    }
}
