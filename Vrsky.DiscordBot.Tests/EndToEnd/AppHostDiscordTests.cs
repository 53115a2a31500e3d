using System.Globalization;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Vrsky.DiscordEmulator.Control;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>
/// The bot as the AppHost runs it (gateway <c>discordbot</c>, two <c>discordbot-worker</c> replicas, the <c>discord</c>
/// emulator resource), driven over the emulator's control API as a person would with curl.
/// </summary>
[Collection(DiscordAppHostCollection.Name)]
public sealed class AppHostDiscordTests(DiscordAppHostFixture fixture, ITestOutputHelper output)
{
    private const string Bob = "700000000000000002";
    // Room for a delivery JetStream hands to a worker that stalls and redelivers after the 10 s ack wait: seen once on a
    // loaded CI machine (the round never appeared within 30 s; every other run takes a second or two).
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);

    private static string Owner => new EmulatorOptions().OwnerId;

    private ControlClient Discord => fixture.Discord;

    [Fact]
    public async Task SetupAndARoundWorkThroughTheAppHostsEmulatorResource()
    {
        try
        {
            await SetUpAndCreateARoundAsync();
        }
        catch
        {
            foreach (var resource in new[] { "discordbot", "discordbot-worker", "discord" })
            {
                output.WriteLine($"--- {resource}\n{string.Join('\n', fixture.App.ResourceLogs.GetLines(resource, 60).Select(l => $"[{l.Replica}] {l.Content}"))}");
            }

            throw;
        }
    }

    private async Task SetUpAndCreateARoundAsync()
    {
        var guild = fixture.GuildId;
        // The gateway registers the guild's commands once its session is READY.
        await WaitForStateAsync(s => s.Guilds.Single(g => g.Id == guild).Commands.Count == 6, "guild commands registered");

        // Setup: modal at once, then the deferred reply edited into the setup embed, channels and roles created.
        var setup = await Discord.InvokeCommandAsync(guild, Owner, "frolf-setup");
        await AckedAsync(setup, InteractionCallbackType.Modal);
        var setupSubmit = await Discord.SubmitModalAsync(setup, new() { ["prefix"] = "apphost" });
        await AckedAsync(setupSubmit, InteractionCallbackType.DeferredChannelMessageWithSource);
        var state = await WaitForStateAsync(s => Original(s, setupSubmit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", "setup reply");
        var channels = state.Guilds.Single(g => g.Id == guild).Channels.ToDictionary(c => c.Name!, c => c.Id);
        Assert.Contains("apphost-leaderboard", channels.Keys);
        Assert.Contains("apphost-signup", channels.Keys);
        Assert.Contains(state.Guilds.Single(g => g.Id == guild).Roles, r => r.Name == "Admin");

        // /createround: modal, deferred, then the round embed with Join/Leave in the events channel.
        var create = await Discord.InvokeCommandAsync(guild, Owner, "createround");
        await AckedAsync(create, InteractionCallbackType.Modal);
        var start = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var createSubmit = await Discord.SubmitModalAsync(create, new()
        {
            ["title"] = "AppHost open", ["description"] = "Nine holes", ["start"] = start, ["timezone"] = "+02:00", ["location"] = "Riverside",
        });
        await AckedAsync(createSubmit, InteractionCallbackType.DeferredChannelMessageWithSource);
        state = await WaitForStateAsync(s => RoundMessage(s, channels["apphost-events"]) is not null && s.Guilds.Single(g => g.Id == guild).ScheduledEvents.Count == 1,
            "round message and scheduled event");
        var round = RoundMessage(state, channels["apphost-events"])!;
        Assert.Equal("Riverside", state.Guilds.Single(g => g.Id == guild).ScheduledEvents.Single(e => e.Name == "AppHost open").EntityMetadata?.Location);
        var roundId = round.Embeds![0].Footer!.Text.Split(' ')[1];
        var buttons = round.Components!.SelectMany(r => r.Components ?? []).Select(c => c.CustomId).ToList();
        Assert.Contains($"round:join:{roundId}", buttons);
        Assert.Contains($"round:leave:{roundId}", buttons);

        // A second player joins with the button: the embed is updated in place.
        var join = await Discord.ClickButtonAsync(guild, Bob, round.Id, $"round:join:{roundId}");
        await AckedAsync(join, InteractionCallbackType.DeferredUpdateMessage);
        state = await WaitForStateAsync(s => Message(s, round.Id)?.Embeds?[0].Fields?.Any(f => f.Name == "Players (2)" && f.Value.Contains($"<@{Bob}>", StringComparison.Ordinal)) == true,
            "two players on the round embed");
        Assert.All(state.Interactions.Where(i => i.Id == setup || i.Id == setupSubmit || i.Id == create || i.Id == createSubmit || i.Id == join),
            i => Assert.True(i.AckMs < 3000, $"{i.Name} acknowledged after {i.AckMs} ms"));
    }

    /// <summary>Acknowledged within Discord's 3 s, with the expected callback type.</summary>
    private async Task AckedAsync(string interactionId, InteractionCallbackType expected)
    {
        var state = await WaitForStateAsync(s => s.Interactions.Single(i => i.Id == interactionId).ResponseType is not null, $"acknowledgement of {interactionId}");
        var interaction = state.Interactions.Single(i => i.Id == interactionId);
        Assert.Equal(expected, interaction.ResponseType);
        Assert.True(interaction.AckMs < 3000, $"{interaction.Name} acknowledged after {interaction.AckMs} ms");
    }

    private async Task<EmulatorSnapshot> WaitForStateAsync(Func<EmulatorSnapshot, bool> condition, string what)
    {
        EmulatorSnapshot? last = null;
        await Eventually.WaitAsync(async () => condition(last = await Discord.StateAsync()), Deadline, what);
        return last!;
    }

    private static Message? Message(EmulatorSnapshot state, string id) => state.Messages.FirstOrDefault(m => m.Message.Id == id)?.Message;

    private static Message? Original(EmulatorSnapshot state, string interactionId) =>
        state.Interactions.Single(i => i.Id == interactionId).OriginalMessageId is { } id ? Message(state, id) : null;

    private static Message? RoundMessage(EmulatorSnapshot state, string channelId) =>
        state.Messages.Select(m => m.Message).FirstOrDefault(m => m.ChannelId == channelId && m.Embeds?.FirstOrDefault()?.Title == "AppHost open");
}
