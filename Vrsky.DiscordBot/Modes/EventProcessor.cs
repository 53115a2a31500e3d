using System.Globalization;
using System.Text.Json;
using Npgsql;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Rounds;
using Vrsky.DiscordBot.Scores;
using Vrsky.DiscordBot.Seasons;
using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tags;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// A worker's handling of one event, exactly once in effect: the event id is recorded in <c>processed_events</c> in the
/// same transaction as the handler's changes, together with the response. A redelivered event changes nothing and
/// re-publishes the stored response (the response's <c>Nats-Msg-Id</c> makes that a no-op if it was sent already).
/// </summary>
public sealed class EventProcessor(NpgsqlDataSource database, EventBus bus)
{
    public async Task HandleAsync(BotEvent evt, CancellationToken cancellationToken)
    {
        BotResponse? response;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            var sql = new Sql(connection, transaction);
            var fresh = await sql.ExecuteAsync("insert into processed_events (id) values ($1) on conflict do nothing", cancellationToken, evt.Id).ConfigureAwait(false);
            if (fresh == 0)
            {
                var stored = await sql.ScalarAsync<string>("select response::text from processed_events where id = $1", cancellationToken, evt.Id).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                response = stored is null ? null : JsonSerializer.Deserialize<BotResponse>(stored, DiscordJson.Options);
            }
            else
            {
                var context = new HandlerContext(sql, evt);
                await RouteAsync(context, cancellationToken).ConfigureAwait(false);
                response = context.Actions.Count == 0 ? null
                    : new BotResponse("response:" + evt.Id, evt.GuildId, evt.Interaction?.ApplicationId, await VersionEditsAsync(sql, context.Actions, cancellationToken).ConfigureAwait(false));
                if (response is not null)
                {
                    await using var save = new NpgsqlCommand("update processed_events set response = $2::jsonb where id = $1", connection, transaction);
                    save.Parameters.Add(new NpgsqlParameter { Value = evt.Id });
                    save.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(response, DiscordJson.Options) });
                    await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                BotMetrics.InteractionsHandled.Add(1, new KeyValuePair<string, object?>("kind", evt.Kind));
            }
        }

        if (response is not null)
        {
            await bus.PublishResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Numbers the message edits last thing in the transaction (see <see cref="BotAction.Version"/>).</summary>
    private static async Task<List<BotAction>> VersionEditsAsync(Sql sql, List<BotAction> actions, CancellationToken cancellationToken)
    {
        var versioned = new List<BotAction>(actions.Count);
        foreach (var action in actions)
        {
            versioned.Add(action.Kind == BotActionKinds.EditMessage
                ? action with { Version = await sql.ScalarAsync<long>("select nextval('message_edit_versions')", cancellationToken).ConfigureAwait(false) }
                : action);
        }

        return versioned;
    }

    private static Task RouteAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var evt = context.Event;
        return evt.Kind switch
        {
            BotEventKinds.Interaction => RouteInteractionAsync(context, cancellationToken),
            BotEventKinds.ReactionAdd => SetupHandlers.SignupAsync(context, cancellationToken),
            BotEventKinds.ScheduledEvent => RoundHandlers.StartFromScheduledEventAsync(context, cancellationToken),
            BotEventKinds.RoundStart when evt.RoundId is { } id => RoundHandlers.StartAsync(context, id, fromScheduledEvent: false, cancellationToken),
            BotEventKinds.ActionResult => RoundHandlers.RecordResultAsync(context, cancellationToken),
            BotEventKinds.GuildConfigured => SetupHandlers.StoreAsync(context, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown event kind '{evt.Kind}'."),
        };
    }

    private static Task RouteInteractionAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        var data = interaction.Data;
        switch (interaction.Type)
        {
            case InteractionType.ApplicationCommand:
                return data?.Name switch
                {
                    BotCommands.ClaimTag => TagHandlers.ClaimAsync(context, cancellationToken),
                    BotCommands.Leaderboard => LeaderboardView.ShowAsync(context, cancellationToken),
                    BotCommands.Season => SeasonHandlers.HandleAsync(context, cancellationToken),
                    BotCommands.FrolfReset => SetupHandlers.ResetAsync(context, cancellationToken),
                    _ => Unknown(context),
                };
            case InteractionType.MessageComponent when Id(data?.CustomId, BotCommands.JoinPrefix) is { } join:
                return RoundHandlers.JoinAsync(context, join, cancellationToken);
            case InteractionType.MessageComponent when Id(data?.CustomId, BotCommands.LeavePrefix) is { } leave:
                return RoundHandlers.LeaveAsync(context, leave, cancellationToken);
            case InteractionType.ModalSubmit when data?.CustomId == BotCommands.CreateRoundModal:
                return RoundHandlers.CreateAsync(context, cancellationToken);
            case InteractionType.ModalSubmit when Id(data?.CustomId, BotCommands.ScorePrefix) is { } round:
                return ScoreHandlers.SubmitAsync(context, round, cancellationToken);
            default:
                return Unknown(context);
        }
    }

    private static Task Unknown(HandlerContext context)
    {
        context.Reply("Sorry, I do not know that one.");
        return Task.CompletedTask;
    }

    /// <summary>The round id after <paramref name="prefix"/> in a custom id.</summary>
    public static long? Id(string? customId, string prefix) =>
        customId is not null && customId.StartsWith(prefix, StringComparison.Ordinal) &&
        long.TryParse(customId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
