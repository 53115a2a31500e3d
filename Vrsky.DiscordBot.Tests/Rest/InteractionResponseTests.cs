using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;

namespace Vrsky.DiscordBot.Tests.Rest;

/// <summary>Interaction callbacks and the interaction webhook against the emulator; each test checks what changed on the Discord side.</summary>
public sealed class InteractionResponseTests : IAsyncLifetime
{
    private const string User = "700000000000000042";
    private DiscordEmulator.DiscordEmulator _emulator = null!;
    private DiscordRestClient _client = null!;

    private string Guild => _emulator.Options.GuildIds[0];

    private string AppId => _emulator.Options.ApplicationId;

    public async Task InitializeAsync()
    {
        _emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        _client = new DiscordRestClient(new DiscordOpts { Token = _emulator.Options.Token, ApiBaseUrl = _emulator.ApiBaseUrl });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task EditOriginalFillsInTheDeferredResponse()
    {
        var record = await _emulator.InvokeCommandAsync(Guild, User, "leaderboard");
        await _client.CreateInteractionResponseAsync(record.Interaction.Id, record.Interaction.Token, InteractionResponse.Defer());

        var edited = await _client.EditOriginalResponseAsync(AppId, record.Interaction.Token, new MessageParams { Content = "the leaderboard" });

        var stored = _emulator.State.Message(record.OriginalMessageId!)!;
        Assert.Equal(edited.Id, stored.Message.Id);
        Assert.Equal("the leaderboard", stored.Message.Content);
        Assert.Equal(1, stored.Edits);
    }

    [Fact]
    public async Task FollowupPostsAnotherMessageForTheInteraction()
    {
        var record = await _emulator.InvokeCommandAsync(Guild, User, "leaderboard");
        await _client.CreateInteractionResponseAsync(record.Interaction.Id, record.Interaction.Token, InteractionResponse.Reply("first"));

        var followup = await _client.CreateFollowupMessageAsync(AppId, record.Interaction.Token, new MessageParams { Content = "and another thing" });

        Assert.Equal([followup.Id], record.FollowupMessageIds);
        Assert.Equal("and another thing", _emulator.State.Message(followup.Id)!.Message.Content);
        Assert.Equal(["first", "and another thing"], _emulator.State.Messages(record.Interaction.ChannelId!).Select(m => m.Message.Content));
    }

    [Fact]
    public async Task UpdateMessageEditsTheMessageWhoseButtonWasPressed()
    {
        var channel = _emulator.State.Channels(Guild)[0].Id;
        var posted = await _client.CreateMessageAsync(channel, new MessageParams { Content = "before", Components = [Component.ActionRow(Component.Button("press", "Press"))] });
        var press = await _emulator.ClickButtonAsync(Guild, User, posted.Id, "press");

        await _client.CreateInteractionResponseAsync(press.Interaction.Id, press.Interaction.Token,
            new InteractionResponse(InteractionCallbackType.UpdateMessage, new InteractionCallbackData { Content = "after", Components = [] }));

        var stored = _emulator.State.Message(posted.Id)!;
        Assert.Equal("after", stored.Message.Content);
        Assert.Empty(stored.Message.Components!);
        Assert.Equal(1, stored.Edits);
        Assert.Equal(InteractionCallbackType.UpdateMessage, press.Response?.Type);
        Assert.Single(_emulator.State.Messages(channel));
    }

    [Fact]
    public async Task ModalIsShownAndItsSubmissionCarriesTheTypedValues()
    {
        var record = await _emulator.InvokeCommandAsync(Guild, User, "createround");

        await _client.CreateInteractionResponseAsync(record.Interaction.Id, record.Interaction.Token,
            InteractionResponse.Modal("round-modal", "Create a round", Component.ActionRow(Component.TextInput("title", "Title"))));
        var submit = await _emulator.SubmitModalAsync(record, new Dictionary<string, string> { ["title"] = "Sunday doubles" });

        Assert.Equal(InteractionCallbackType.Modal, record.Response?.Type);
        Assert.Equal("Create a round", record.Response?.Data?.Title);
        Assert.Equal(InteractionType.ModalSubmit, submit.Interaction.Type);
        Assert.Equal("round-modal", submit.Interaction.Data?.CustomId);
        Assert.Equal("Sunday doubles", submit.Interaction.Data?.TextInput("title"));
    }

    [Fact]
    public async Task AModalWithoutRowsIsRefused()
    {
        var record = await _emulator.InvokeCommandAsync(Guild, User, "createround");

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateInteractionResponseAsync(record.Interaction.Id, record.Interaction.Token,
            new InteractionResponse(InteractionCallbackType.Modal, new InteractionCallbackData { CustomId = "m", Title = "t", Components = [] })));

        Assert.Equal(50035, error.Code);
        Assert.Null(record.Response);
    }
}
