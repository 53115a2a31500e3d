using System.Net;
using System.Text;
using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator.Control;

namespace Vrsky.DiscordBot.Tests.Emulator;

/// <summary>The emulator's <c>/_emulator/*</c> control API over HTTP, as a person drives a local run with curl.</summary>
public sealed class ControlApiTests : IAsyncLifetime
{
    private const string User = "700000000000000042";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private GatewayHarness _gateway = null!;
    private HttpClient _http = null!;
    private DiscordRestClient _rest = null!;

    private DiscordEmulator.DiscordEmulator Emulator => _gateway.Emulator;

    private string Guild => Emulator.Options.GuildIds[0];

    private ControlClient Control => new(_http);

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHarness.StartAsync();
        await _gateway.WaitReadyAsync();
        _http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        _rest = new DiscordRestClient(new DiscordOpts { Token = Emulator.Options.Token, ApiBaseUrl = Emulator.ApiBaseUrl });
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Theory]
    [InlineData("/_emulator/modals", """{"interaction_id":"123"}""")]
    [InlineData("/_emulator/modals", """{"values":{"a":"b"}}""")]
    [InlineData("/_emulator/commands", """{"guild_id":"800000000000000001","name":"leaderboard"}""")]
    [InlineData("/_emulator/commands", """{"guild_id":"800000000000000001","user_id":"not-an-id","name":"leaderboard"}""")]
    [InlineData("/_emulator/buttons", """{}""")]
    [InlineData("/_emulator/reactions", """{"guild_id":"800000000000000001","user_id":"1","message_id":"2"}""")]
    [InlineData("/_emulator/reactions/remove", """{"guild_id":"800000000000000001","user_id":"1"}""")]
    [InlineData("/_emulator/scheduled-events/status", """{"guild_id":"800000000000000001","event_id":"1"}""")]
    [InlineData("/_emulator/scheduled-events/status", """{"guild_id":"800000000000000001","event_id":"1","status":9}""")]
    [InlineData("/_emulator/roles/revoke", """{"guild_id":"800000000000000001","user_id":"1"}""")]
    [InlineData("/_emulator/gateway/invalid-session", """{}""")]
    [InlineData("/_emulator/commands", "null")]
    [InlineData("/_emulator/commands", "{not json")]
    public async Task MissingOrMalformedFieldsAreA400WithTheReason(string path, string body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyBeyondTheLimitIsRefusedWithoutBeingRead()
    {
        var values = string.Join(',', Enumerable.Range(0, 20).Select(i => $"\"k{i}\":\"{new string('x', 4000)}\""));
        using var response = await _http.PostAsync("/_emulator/modals", new StringContent($$$"""{"interaction_id":"1","values":{{{{values}}}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AModalSubmittedWithoutValuesOrWithTooManyOrTooLongOnesIsA400()
    {
        var opener = await Emulator.InvokeCommandAsync(Guild, User, "createround");
        await _rest.CreateInteractionResponseAsync(opener.Interaction.Id, opener.Interaction.Token,
            InteractionResponse.Modal("round-modal", "Create a round", Component.ActionRow(Component.TextInput("title", "Title"))));

        using var withoutValues = await _http.PostAsync("/_emulator/modals",
            new StringContent($$"""{"interaction_id":"{{opener.Interaction.Id}}"}""", Encoding.UTF8, "application/json"));
        var tooMany = await Assert.ThrowsAsync<InvalidOperationException>(() => Control.SubmitModalAsync(opener.Interaction.Id, Enumerable.Range(0, 6).ToDictionary(i => $"k{i}", _ => "v")));
        var tooLong = await Assert.ThrowsAsync<InvalidOperationException>(() => Control.SubmitModalAsync(opener.Interaction.Id, new() { ["title"] = new string('x', 4001) }));

        Assert.Equal(HttpStatusCode.BadRequest, withoutValues.StatusCode);
        Assert.Contains("values is required", await withoutValues.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("400", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("at most 5 text inputs", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("at most 4000 characters", tooLong.Message, StringComparison.Ordinal);
        // Nothing was submitted: the bot saw no modal submission.
        Assert.DoesNotContain(Emulator.State.Interactions, i => i.Interaction.Type == InteractionType.ModalSubmit);
        var submitted = await Control.SubmitModalAsync(opener.Interaction.Id, new() { ["title"] = "Sunday doubles" });
        Assert.Equal(InteractionType.ModalSubmit, Emulator.State.Interaction(submitted)!.Interaction.Type);
    }

    [Fact]
    public async Task AValueLongerThanItsTextInputsMaxLengthIsA400AndNothingIsSubmitted()
    {
        var opener = await Emulator.InvokeCommandAsync(Guild, User, "createround");
        await _rest.CreateInteractionResponseAsync(opener.Interaction.Id, opener.Interaction.Token,
            InteractionResponse.Modal("round-modal", "Create a round", Component.ActionRow(Component.TextInput("start", "Start", maxLength: 16))));

        var tooLong = await Assert.ThrowsAsync<InvalidOperationException>(() => Control.SubmitModalAsync(opener.Interaction.Id, new() { ["start"] = "2026-06-01 18:30x" }));

        Assert.Contains("400", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("'start' takes at most 16 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.State.Interactions, i => i.Interaction.Type == InteractionType.ModalSubmit);
        var submitted = await Control.SubmitModalAsync(opener.Interaction.Id, new() { ["start"] = "2026-06-01 18:30" });
        Assert.Equal(InteractionType.ModalSubmit, Emulator.State.Interaction(submitted)!.Interaction.Type);
    }

    [Fact]
    public async Task ReactionsAreAddedAndRemovedAsGatewayDispatches()
    {
        var channel = Emulator.State.Channels(Guild)[0].Id;
        var message = await _rest.CreateMessageAsync(channel, new MessageParams { Content = "React to play" });

        await Control.AddReactionAsync(Guild, User, message.Id, "✅");
        await Control.RemoveReactionAsync(Guild, User, message.Id, "✅");

        await Eventually.WaitAsync(() => _gateway.Events.OfType<MessageReactionRemoveEvent>().Any(), Deadline, "MESSAGE_REACTION_REMOVE");
        var added = _gateway.Events.OfType<MessageReactionAddEvent>().Single().Reaction;
        var removed = _gateway.Events.OfType<MessageReactionRemoveEvent>().Single().Reaction;
        Assert.Equal((User, message.Id, "✅", Guild), (added.UserId, added.MessageId, added.Emoji.Name, added.GuildId));
        Assert.Equal((User, message.Id, "✅", Guild), (removed.UserId, removed.MessageId, removed.Emoji.Name, removed.GuildId));
    }

    [Fact]
    public async Task AScheduledEventMadeActiveIsUpdatedAndDispatched()
    {
        var created = await _rest.CreateGuildScheduledEventAsync(Guild, new GuildScheduledEventCreate("Doubles", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(1).AddHours(3), new EntityMetadata("Park")));

        await Control.SetScheduledEventStatusAsync(Guild, created.Id, ScheduledEventStatus.Active);

        Assert.Equal(ScheduledEventStatus.Active, Emulator.State.ScheduledEvents(Guild).Single().Status);
        await Eventually.WaitAsync(() => _gateway.Events.OfType<GuildScheduledEventChangedEvent>().Any(e => e.ScheduledEvent.Id == created.Id && e.ScheduledEvent.Status == ScheduledEventStatus.Active),
            Deadline, "GUILD_SCHEDULED_EVENT_UPDATE with status active");
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => Control.SetScheduledEventStatusAsync(Guild, "123", ScheduledEventStatus.Active));
        Assert.Contains("400", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARoleRevokedByHandIsGone()
    {
        var role = await _rest.CreateGuildRoleAsync(Guild, new RoleCreate("Player"));
        await _rest.AddGuildMemberRoleAsync(Guild, User, role.Id);
        Assert.Contains(role.Id, Emulator.State.MemberRoles(Guild, User));

        await Control.RevokeRoleAsync(Guild, User, "Player");

        Assert.DoesNotContain(role.Id, Emulator.State.MemberRoles(Guild, User));
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => Control.RevokeRoleAsync(Guild, User, "Nobody"));
        Assert.Contains("400", unknown.Message, StringComparison.Ordinal);
    }
}
