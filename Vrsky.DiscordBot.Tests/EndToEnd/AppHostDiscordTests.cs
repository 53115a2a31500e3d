using System.Globalization;
using Npgsql;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Vrsky.DiscordEmulator.Control;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>
/// The bot as the AppHost runs it (gateway <c>discordbot</c>, two <c>discordbot-worker</c> replicas, the <c>discord</c>
/// emulator resource), driven over the emulator's control API as a person would with curl: the whole league flow.
/// </summary>
[Collection(DiscordAppHostCollection.Name)]
public sealed class AppHostDiscordTests(DiscordAppHostFixture fixture, ITestOutputHelper output)
{
    private const string Bob = "700000000000000002";
    private const string Signup = "✅";
    // Room for a delivery JetStream hands to a worker that stalls and redelivers after the 10 s ack wait: seen once on a
    // loaded CI machine (the round never appeared within 30 s; every other run takes a second or two).
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);

    private static string Owner => new EmulatorOptions().OwnerId;

    private ControlClient Discord => fixture.Discord;

    private string Guild => fixture.GuildId;

    [Fact]
    public async Task TheWholeLeagueFlowWorksThroughTheAppHostsEmulatorResource()
    {
        try
        {
            await RunLeagueAsync();
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

    private async Task RunLeagueAsync()
    {
        // The gateway registers the guild's commands once its session is READY.
        await WaitForStateAsync(s => GuildOf(s).Commands.Count == 6, "guild commands registered");
        var channels = await SetUpAsync();
        var state = await Discord.StateAsync();
        var signup = state.Messages.Single(m => m.Message.ChannelId == channels["apphost-signup"]).Message;
        var leaderboard = state.Messages.Single(m => m.Message.ChannelId == channels["apphost-leaderboard"]).Message;
        var player = GuildOf(state).Roles.Single(r => r.Name == "Player").Id;

        // Signup by reaction grants the Player role.
        foreach (var user in new[] { Owner, Bob })
        {
            await Discord.AddReactionAsync(Guild, user, signup.Id, Signup);
        }

        await WaitForStateAsync(s => new[] { Owner, Bob }.All(u => GuildOf(s).Members.GetValueOrDefault(u)?.Contains(player) == true), "Player roles");

        // Tags, so the finalized round has something to re-deal.
        await CommandReplyAsync(Owner, "Tag #5 is yours.", "claimtag", DiscordEmulator.DiscordEmulator.Option("tag", 5));
        await CommandReplyAsync(Bob, "Tag #2 is yours.", "claimtag", DiscordEmulator.DiscordEmulator.Option("tag", 2));

        var (round, roundId) = await CreateRoundAsync(channels["apphost-events"]);

        // Bob joins, leaves and joins again with the buttons: the embed is updated in place each time.
        await ClickAsync(Bob, round.Id, $"round:join:{roundId}", "Players (2)", true);
        await ClickAsync(Bob, round.Id, $"round:leave:{roundId}", "Players (1)", false);
        await ClickAsync(Bob, round.Id, $"round:join:{roundId}", "Players (2)", true);

        // An admin starts the round's scheduled event: the round takes scores.
        var scheduled = GuildOf(await Discord.StateAsync()).ScheduledEvents.Single(e => e.Name == "AppHost open");
        await Discord.SetScheduledEventStatusAsync(Guild, scheduled.Id, ScheduledEventStatus.Active);
        await WaitForStateAsync(s => Buttons(Message(s, round.Id)).Contains($"score:{roundId}"), "Enter Score button");

        // Both score; the last score finalizes the round, re-deals the tags in finish order and edits the leaderboard.
        await ScoreAsync(Owner, round.Id, roundId, "-2", "-2");
        await ScoreAsync(Bob, round.Id, roundId, "1", "+1");
        state = await WaitForStateAsync(s => Field(Message(s, round.Id), "Results") is not null, "finalized embed");
        Assert.Equal($"1. <@{Owner}> -2\n2. <@{Bob}> +1", Field(Message(state, round.Id), "Results"));
        Assert.Empty(Buttons(Message(state, round.Id)));
        await WaitForStateAsync(s => Message(s, leaderboard.Id)?.Embeds?.FirstOrDefault()?.Description == $"**#2** <@{Owner}>\n**#5** <@{Bob}>", "leaderboard edited in place");
        Assert.Single((await Discord.StateAsync()).Messages, m => m.Message.ChannelId == channels["apphost-leaderboard"]);

        // Every interaction got its first response within Discord's 3 s.
        state = await Discord.StateAsync();
        Assert.NotEmpty(state.Interactions);
        Assert.All(state.Interactions, i => Assert.True(i.AckMs < 3000, $"{i.Name} acknowledged after {i.AckMs?.ToString(CultureInfo.InvariantCulture) ?? "never"} ms"));
    }

    /// <summary>/frolf-setup: modal at once, then the deferred reply edited into the setup embed, channels and roles created.</summary>
    private async Task<Dictionary<string, string>> SetUpAsync()
    {
        var setup = await Discord.InvokeCommandAsync(Guild, Owner, "frolf-setup");
        await AckedAsync(setup, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(setup, new() { ["prefix"] = "apphost" });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        var state = await WaitForStateAsync(s => Original(s, submit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", "setup reply");
        var channels = GuildOf(state).Channels.ToDictionary(c => c.Name!, c => c.Id);
        Assert.Contains("apphost-leaderboard", channels.Keys);
        Assert.Contains("apphost-signup", channels.Keys);
        Assert.Contains(GuildOf(state).Roles, r => r.Name == "Admin");
        await WaitForStateAsync(s => s.Messages.Any(m => m.Message.ChannelId == channels["apphost-signup"]) && s.Messages.Any(m => m.Message.ChannelId == channels["apphost-leaderboard"]),
            "signup and leaderboard messages");
        // A worker stores the configuration after the gateway's setup; a signup reaction before that would be ignored.
        await WaitForRowAsync("select count(*) from guild_configs where guild_id = $1", Guild, "config stored");
        return channels;
    }

    /// <summary>/createround: modal, deferred, then the round embed with Join/Leave in the events channel and its scheduled event.</summary>
    private async Task<(Message Round, string RoundId)> CreateRoundAsync(string eventsChannel)
    {
        var create = await Discord.InvokeCommandAsync(Guild, Owner, "createround");
        await AckedAsync(create, InteractionCallbackType.Modal);
        var start = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var submit = await Discord.SubmitModalAsync(create, new()
        {
            ["title"] = "AppHost open", ["description"] = "Nine holes", ["start"] = start, ["timezone"] = "+02:00", ["location"] = "Riverside",
        });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        var state = await WaitForStateAsync(s => RoundMessage(s, eventsChannel) is not null && GuildOf(s).ScheduledEvents.Count == 1, "round message and scheduled event");
        var round = RoundMessage(state, eventsChannel)!;
        Assert.Equal("Riverside", GuildOf(state).ScheduledEvents.Single(e => e.Name == "AppHost open").EntityMetadata?.Location);
        var roundId = round.Embeds![0].Footer!.Text.Split(' ')[1];
        Assert.Contains($"round:join:{roundId}", Buttons(round));
        Assert.Contains($"round:leave:{roundId}", Buttons(round));
        // The scheduled event starts the round it belongs to once the gateway has reported the event's id to the workers.
        await WaitForRowAsync("select count(*) from rounds where id = $1::bigint and message_id is not null and event_id is not null", roundId, "round ids recorded");
        return (round, roundId);
    }

    /// <summary>A Join or Leave click, until the round embed shows <paramref name="players"/> with or without Bob.</summary>
    private async Task ClickAsync(string user, string messageId, string customId, string players, bool listed)
    {
        var click = await Discord.ClickButtonAsync(Guild, user, messageId, customId);
        await AckedAsync(click, InteractionCallbackType.DeferredUpdateMessage);
        await WaitForStateAsync(s => Field(Message(s, messageId), players)?.Contains($"<@{user}>", StringComparison.Ordinal) == listed, $"{customId}: {players}");
    }

    /// <summary>Enter Score (a modal at once), then the modal submitted and answered by a worker with the score as the bot shows it.</summary>
    private async Task ScoreAsync(string user, string messageId, string roundId, string score, string shown)
    {
        var button = await Discord.ClickButtonAsync(Guild, user, messageId, $"score:{roundId}");
        await AckedAsync(button, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(button, new() { ["score"] = score });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        await WaitForStateAsync(s => Original(s, submit)?.Content == $"Recorded: {shown}.", $"score {shown} recorded");
    }

    /// <summary>A slash command answered by a worker: deferred within 3 s, then edited into <paramref name="reply"/>.</summary>
    private async Task CommandReplyAsync(string user, string reply, string name, params CommandOptionValue[] options)
    {
        var command = await Discord.InvokeCommandAsync(Guild, user, name, options);
        await AckedAsync(command, InteractionCallbackType.DeferredChannelMessageWithSource);
        await WaitForStateAsync(s => Original(s, command)?.Content == reply, $"/{name}: '{reply}'");
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

    private async Task WaitForRowAsync(string countSql, string parameter, string what) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var command = fixture.Database.CreateCommand(countSql);
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            try
            {
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
            }
            catch (PostgresException e) when (e.SqlState == "42P01")
            {
                return false; // the workers have not migrated yet
            }
        }, Deadline, what);

    private GuildSnapshot GuildOf(EmulatorSnapshot state) => state.Guilds.Single(g => g.Id == Guild);

    private static Message? Message(EmulatorSnapshot state, string id) => state.Messages.FirstOrDefault(m => m.Message.Id == id)?.Message;

    private static Message? Original(EmulatorSnapshot state, string interactionId) =>
        state.Interactions.Single(i => i.Id == interactionId).OriginalMessageId is { } id ? Message(state, id) : null;

    private static Message? RoundMessage(EmulatorSnapshot state, string channelId) =>
        state.Messages.Select(m => m.Message).FirstOrDefault(m => m.ChannelId == channelId && m.Embeds?.FirstOrDefault()?.Title == "AppHost open");

    private static string? Field(Message? message, string name) => message?.Embeds?.FirstOrDefault()?.Fields?.FirstOrDefault(f => f.Name == name)?.Value;

    private static List<string?> Buttons(Message? message) => [.. message?.Components?.SelectMany(r => r.Components ?? []).Select(c => c.CustomId) ?? []];
}
