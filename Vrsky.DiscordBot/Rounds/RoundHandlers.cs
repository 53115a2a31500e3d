using System.Globalization;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>Round creation (modal), joining and leaving (buttons), starting, and recording the ids Discord gave the round's objects.</summary>
public static class RoundHandlers
{
    public static readonly TimeSpan RoundLength = TimeSpan.FromHours(3);

    public static async Task CreateAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var data = context.Interaction.Data!;
        var title = data.TextInput("title")?.Trim() ?? "";
        var description = data.TextInput("description")?.Trim() ?? "";
        var location = data.TextInput("location")?.Trim() ?? "";
        if (title.Length is < 1 or > 100 || location.Length is < 1 or > 100 || description.Length > 1000)
        {
            context.Reply("A round needs a title and a location (up to 100 characters each) and a description of up to 1000.");
            return;
        }

        if (!RoundTime.TryParse(data.TextInput("start"), data.TextInput("timezone"), DateTimeOffset.UtcNow, out var start, out var error))
        {
            context.Reply(error);
            return;
        }

        if (await context.ConfigAsync(cancellationToken).ConfigureAwait(false) is not { } config)
        {
            context.Reply("This server is not set up yet: run /frolf-setup first.");
            return;
        }

        var id = await context.Sql.ScalarAsync<long>("""
            insert into rounds (guild_id, title, description, location, start_time, channel_id, created_by)
            values ($1, $2, $3, $4, $5, $6, $7) returning id
            """, cancellationToken, context.GuildId, title, description, location, start.ToUniversalTime(), config.EventsChannelId, context.UserId).ConfigureAwait(false);
        // The creator plays too.
        await context.Sql.ExecuteAsync("insert into round_players (round_id, user_id) values ($1, $2)", cancellationToken, id, context.UserId).ConfigureAwait(false);
        var round = (await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, id, cancellationToken).ConfigureAwait(false))!;

        context.Actions.Add(new BotAction
        {
            Kind = BotActionKinds.CreateMessage,
            ChannelId = config.EventsChannelId,
            Message = RoundView.Message(round),
            Ref = $"round:{id}:message",
        });
        context.Actions.Add(new BotAction
        {
            Kind = BotActionKinds.CreateScheduledEvent,
            ScheduledEvent = new GuildScheduledEventCreate(title, start, start + RoundLength, new EntityMetadata(location), description.Length == 0 ? null : description),
            Ref = $"round:{id}:event",
        });
        context.Reply($"Round **{title}** created in <#{config.EventsChannelId}>.");
    }

    public static Task JoinAsync(HandlerContext context, long roundId, CancellationToken cancellationToken) =>
        ChangePlayersAsync(context, roundId, "insert into round_players (round_id, user_id) values ($1, $2) on conflict do nothing", cancellationToken);

    public static Task LeaveAsync(HandlerContext context, long roundId, CancellationToken cancellationToken) =>
        ChangePlayersAsync(context, roundId, "delete from round_players where round_id = $1 and user_id = $2", cancellationToken);

    private static async Task ChangePlayersAsync(HandlerContext context, long roundId, string sql, CancellationToken cancellationToken)
    {
        var round = await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, roundId, cancellationToken).ConfigureAwait(false);
        if (round is null)
        {
            return;
        }

        if (round.Status == RoundStatus.Scheduled)
        {
            await context.Sql.ExecuteAsync(sql, cancellationToken, roundId, context.UserId).ConfigureAwait(false);
            round = await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, roundId, cancellationToken).ConfigureAwait(false);
        }

        // The round message by its id once known rather than as the original response (after a deferred update, the same
        // message): edits by id carry a version, so an older join or leave applied late cannot overwrite a newer list.
        if (round is { ChannelId: { } channel, MessageId: { } message })
        {
            context.EditMessage(channel, message, RoundView.Message(round));
        }
        else
        {
            context.EditOriginal(RoundView.Message(round!));
        }
    }

    /// <summary>At the start time (scheduler) or when the scheduled event becomes active; a second start changes nothing.</summary>
    public static async Task StartAsync(HandlerContext context, long roundId, bool fromScheduledEvent, CancellationToken cancellationToken)
    {
        var started = await context.Sql.ExecuteAsync("update rounds set status = $3 where id = $1 and guild_id = $2 and status = $4", cancellationToken,
            roundId, context.GuildId, RoundStatus.Started, RoundStatus.Scheduled).ConfigureAwait(false);
        if (started == 0)
        {
            return;
        }

        var round = (await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, roundId, cancellationToken).ConfigureAwait(false))!;
        if (round is { ChannelId: { } channel, MessageId: { } message })
        {
            context.EditMessage(channel, message, RoundView.Message(round));
        }

        if (!fromScheduledEvent && round.EventId is { } eventId)
        {
            context.Actions.Add(new BotAction { Kind = BotActionKinds.ModifyScheduledEvent, ScheduledEventId = eventId, ScheduledEventStatus = ScheduledEventStatus.Active });
        }
    }

    public static async Task StartFromScheduledEventAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var evt = context.Event.ScheduledEvent!;
        var rounds = await context.Sql.QueryAsync("select id from rounds where guild_id = $1 and event_id = $2", r => r.GetInt64(0), cancellationToken, context.GuildId, evt.Id).ConfigureAwait(false);
        foreach (var id in rounds)
        {
            await StartAsync(context, id, fromScheduledEvent: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores the message or scheduled event id the gateway reported for a round.</summary>
    public static async Task RecordResultAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var result = context.Event.Result!;
        var parts = result.Ref.Split(':');
        if (parts is not ["round", var idText, var what] || !long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return;
        }

        if (what == "message")
        {
            await context.Sql.ExecuteAsync("update rounds set message_id = $3, channel_id = coalesce(nullif($4, ''), channel_id) where id = $1 and guild_id = $2",
                cancellationToken, id, context.GuildId, result.Id, result.ChannelId ?? "").ConfigureAwait(false);
        }
        else if (what == "event")
        {
            await context.Sql.ExecuteAsync("update rounds set event_id = $3 where id = $1 and guild_id = $2", cancellationToken, id, context.GuildId, result.Id).ConfigureAwait(false);
        }
    }
}
