using System.Globalization;
using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.State;
using Emu = Vrsky.DiscordEmulator.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>A guild's frolf league as its members use it through the emulator, and what they see; one guild per test.</summary>
public sealed class LeagueDriver(BotFixture fixture, string guildId)
{
    public const string Alice = "700000000000000001";
    public const string Bob = "700000000000000002";
    public const string Carol = "700000000000000003";
    public const string Dave = "700000000000000004";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Discord's limit for the first response to an interaction.</summary>
    public static readonly TimeSpan AckLimit = TimeSpan.FromSeconds(3);

    public string GuildId => guildId;

    public Emu Discord => fixture.Emulator;

    /// <summary>The guild's channels by name, as <see cref="SetUpAsync"/> left them.</summary>
    public IReadOnlyDictionary<string, string> Channels => Discord.State.Channels(guildId).ToDictionary(c => c.Name!, c => c.Id);

    /// <summary>/frolf-setup by the owner (Alice) with the modal's prefix, until the deferred reply shows the setup embed and the config is stored.</summary>
    public async Task SetUpAsync(string prefix)
    {
        var setup = await Discord.InvokeCommandAsync(guildId, Alice, "frolf-setup");
        await AckedAsync(setup, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(setup, new Dictionary<string, string> { ["prefix"] = prefix });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        await Eventually.WaitAsync(() => Original(submit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", Deadline, "setup reply");
        await Eventually.WaitAsync(async () => await CountAsync("select count(*) from guild_configs where guild_id = $1", guildId) == 1, Deadline, "config stored");
    }

    public async Task<InteractionRecord> ClaimAsync(string user, int tag) =>
        await Discord.InvokeCommandAsync(guildId, user, "claimtag", [Emu.Option("tag", tag)]);

    /// <summary>/createround through its modal; returns the round message (with Join/Leave) and the round id from its footer.</summary>
    public async Task<(Message Message, string RoundId)> CreateRoundAsync(string user, string title, string start, string timezone, string location)
    {
        var eventsChannel = Channels.Single(c => c.Key.EndsWith("-events", StringComparison.Ordinal)).Value;
        var create = await Discord.InvokeCommandAsync(guildId, user, "createround");
        await AckedAsync(create, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(create, new Dictionary<string, string>
        {
            ["title"] = title, ["description"] = "", ["start"] = start, ["timezone"] = timezone, ["location"] = location,
        });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        Message? RoundMessage() => Discord.State.Messages(eventsChannel).Select(m => m.Message).SingleOrDefault(m => m.Embeds?.FirstOrDefault()?.Title == title);
        await Eventually.WaitAsync(() => RoundMessage() is not null, Deadline, $"round message '{title}'");
        var message = RoundMessage()!;
        var roundId = message.Embeds![0].Footer!.Text.Split(' ')[1];
        // Buttons and start events name the round by the ids Discord gave its message and scheduled event.
        await Eventually.WaitAsync(async () => await CountAsync("select count(*) from rounds where id = $1::bigint and message_id is not null and event_id is not null", roundId) == 1,
            Deadline, "round ids recorded");
        return (message, roundId);
    }

    /// <summary>A whole-minute start time (the modal takes minutes) at least <paramref name="lead"/> ahead, in UTC.</summary>
    public static DateTimeOffset NextWholeMinute(TimeSpan lead)
    {
        var earliest = DateTimeOffset.UtcNow + lead;
        var minute = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero);
        return minute < earliest ? minute.AddMinutes(1) : minute;
    }

    public static string ModalTime(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public async Task JoinAsync(string user, string messageId, string roundId)
    {
        var join = await Discord.ClickButtonAsync(guildId, user, messageId, $"round:join:{roundId}");
        await AckedAsync(join, InteractionCallbackType.DeferredUpdateMessage);
        await Eventually.WaitAsync(() => Field(messageId, f => f.StartsWith("Players (", StringComparison.Ordinal))?.Contains($"<@{user}>", StringComparison.Ordinal) == true,
            Deadline, $"{user} on the round embed");
    }

    /// <summary>Leave, until the round embed's player list no longer has <paramref name="user"/>.</summary>
    public async Task LeaveAsync(string user, string messageId, string roundId)
    {
        var leave = await Discord.ClickButtonAsync(guildId, user, messageId, $"round:leave:{roundId}");
        await AckedAsync(leave, InteractionCallbackType.DeferredUpdateMessage);
        await Eventually.WaitAsync(() => Field(messageId, f => f.StartsWith("Players (", StringComparison.Ordinal))?.Contains($"<@{user}>", StringComparison.Ordinal) == false,
            Deadline, $"{user} off the round embed");
    }

    /// <summary>Starts the round as an admin would by starting its scheduled event, until the Enter Score button shows.</summary>
    public async Task StartByScheduledEventAsync(string messageId, string roundId)
    {
        var scheduled = Discord.State.ScheduledEvents(guildId).Single(e => e.Status == ScheduledEventStatus.Scheduled);
        await Discord.SetScheduledEventStatusAsync(guildId, scheduled.Id, ScheduledEventStatus.Active);
        await Eventually.WaitAsync(() => Button(messageId, $"score:{roundId}") is not null, Deadline, "Enter Score button");
    }

    /// <summary>Enter Score (modal at once), then the modal submitted; returns the submit once its reply contains <paramref name="reply"/>.</summary>
    public async Task<InteractionRecord> ScoreAsync(string messageId, string roundId, string user, string score, string reply)
    {
        var submit = await SubmitScoreAsync(messageId, roundId, user, score);
        await ReplyAsync(submit, reply);
        return submit;
    }

    /// <summary>Enter Score and the modal submitted, acknowledged with a deferred ephemeral reply; the worker's answer is not awaited.</summary>
    public async Task<InteractionRecord> SubmitScoreAsync(string messageId, string roundId, string user, string score)
    {
        var button = await Discord.ClickButtonAsync(guildId, user, messageId, $"score:{roundId}");
        await AckedAsync(button, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(button, new Dictionary<string, string> { ["score"] = score });
        await AckedAsync(submit, InteractionCallbackType.DeferredChannelMessageWithSource);
        return submit;
    }

    /// <summary>A slash command answered by a worker: deferred within 3 s, then the reply the deferred response was edited into.</summary>
    public async Task<Message> CommandAsync(string user, string name, params CommandOptionValue[] options)
    {
        var command = await Discord.InvokeCommandAsync(guildId, user, name, options);
        await AckedAsync(command, InteractionCallbackType.DeferredChannelMessageWithSource);
        // The deferred response shows "thinking" (an empty message) until the worker's reply edits it.
        await Eventually.WaitAsync(() => command.OriginalMessageId is { } id && Discord.State.Message(id)?.Edits > 0, Deadline, $"reply to /{name}");
        return Original(command)!;
    }

    public async Task AckedAsync(InteractionRecord record, InteractionCallbackType expected)
    {
        await Eventually.WaitAsync(() => record.Response is not null, AckLimit, $"acknowledged {record.Interaction.Data?.Name ?? record.Interaction.Data?.CustomId}");
        Assert.Equal(expected, record.Response!.Type);
    }

    public async Task ReplyAsync(InteractionRecord record, string text)
    {
        await Eventually.WaitAsync(() => Original(record)?.Content?.Contains(text, StringComparison.Ordinal) == true, Deadline, $"reply '{text}', got '{Original(record)?.Content}'");
        Assert.True(record.AckLatency < AckLimit);
    }

    /// <summary>Every interaction in the guild so far got its first response within Discord's 3 s.</summary>
    public void AssertAllAcknowledgedInTime()
    {
        var interactions = Discord.State.Interactions.Where(i => i.Interaction.GuildId == guildId).ToList();
        Assert.NotEmpty(interactions);
        Assert.All(interactions, i => Assert.True(i.AckLatency < AckLimit, $"{i.Interaction.Data?.Name ?? i.Interaction.Data?.CustomId} took {i.AckLatency?.ToString() ?? "forever"}"));
    }

    public Message? Original(InteractionRecord record) => record.OriginalMessageId is { } id ? Discord.State.Message(id)?.Message : null;

    public string? Field(string messageId, string name) => Field(messageId, n => n == name);

    private string? Field(string messageId, Func<string, bool> name) =>
        Discord.State.Message(messageId)?.Message.Embeds?.FirstOrDefault()?.Fields?.FirstOrDefault(f => name(f.Name))?.Value;

    public Component? Button(string messageId, string customId) =>
        Discord.State.Message(messageId)?.Message.Components?.SelectMany(r => r.Components ?? []).FirstOrDefault(c => c.CustomId == customId);

    public async Task<long> CountAsync(string sql, string parameter)
    {
        await using var command = fixture.Database.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return 0; // the workers have not migrated yet
        }
    }

    public async Task<List<(int, string)>> TagsAsync()
    {
        await using var command = fixture.Database.CreateCommand("select tag, user_id from tags where guild_id = $1 order by tag");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = guildId });
        await using var reader = await command.ExecuteReaderAsync();
        var tags = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            tags.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return tags;
    }
}
