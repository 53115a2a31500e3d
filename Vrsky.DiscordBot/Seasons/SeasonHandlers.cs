using System.Text.Json;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Seasons;

/// <summary>/season start|standings|end. Points are awarded when a round finalizes while a season is active.</summary>
public static class SeasonHandlers
{
    public const int MaxNameLength = 100;

    /// <summary>The caller's (private) reply, and the same news for the whole channel.</summary>
    private static void Succeeded(HandlerContext context, string content, params Embed[] embeds)
    {
        context.Reply(content, embeds);
        context.Announce(content, embeds);
    }

    public static async Task HandleAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var sub = context.Interaction.Data?.Options?.FirstOrDefault();
        switch (sub?.Name)
        {
            case "start":
                if (!TryGetName(sub, out var name))
                {
                    context.Reply($"A season name is text of up to {MaxNameLength} characters.");
                    break;
                }

                var started = await context.Sql.ExecuteAsync(
                    "insert into seasons (guild_id, name) values ($1, $2) on conflict (guild_id) where ended_at is null do nothing", cancellationToken, context.GuildId, name).ConfigureAwait(false);
                if (started == 1)
                {
                    Succeeded(context, $"Season **{name}** started.");
                }
                else
                {
                    context.Reply("A season is already running; end it first with /season end.");
                }

                break;
            case "standings":
                context.Reply("", await StandingsAsync(context, activeOnly: true, cancellationToken).ConfigureAwait(false) ?? new Embed { Title = "No season is running." });
                break;
            case "end":
                var final = await StandingsAsync(context, activeOnly: true, cancellationToken).ConfigureAwait(false);
                var ended = await context.Sql.ExecuteAsync("update seasons set ended_at = now() where guild_id = $1 and ended_at is null", cancellationToken, context.GuildId).ConfigureAwait(false);
                if (ended == 1)
                {
                    Succeeded(context, "Season ended. Final standings:", final is null ? [] : [final]);
                }
                else
                {
                    context.Reply("No season is running.");
                }

                break;
            default:
                context.Reply("Use /season start, /season standings or /season end.");
                break;
        }
    }

    /// <summary>The optional name option: absent or blank means a dated default; anything but a string (GetString would throw) or too long is refused.</summary>
    private static bool TryGetName(CommandOptionValue start, out string name)
    {
        var value = start.Options?.FirstOrDefault(o => o.Name == "name")?.Value;
        var text = value is { ValueKind: JsonValueKind.String } v ? v.GetString()!.Trim() : "";
        name = text.Length == 0 ? $"Season {DateTime.UtcNow:yyyy-MM-dd}" : text;
        return value is null or { ValueKind: JsonValueKind.String or JsonValueKind.Null } && text.Length <= MaxNameLength;
    }

    private static async Task<Embed?> StandingsAsync(HandlerContext context, bool activeOnly, CancellationToken cancellationToken)
    {
        var season = await context.Sql.QueryAsync("select id, name from seasons where guild_id = $1 and ($2 = false or ended_at is null) order by id desc limit 1",
            r => (Id: r.GetInt64(0), Name: r.GetString(1)), cancellationToken, context.GuildId, activeOnly).ConfigureAwait(false);
        if (season.Count == 0)
        {
            return null;
        }

        var rows = await context.Sql.QueryAsync("select user_id, points, rounds from season_points where season_id = $1 order by points desc, user_id limit 25",
            r => $"<@{r.GetString(0)}> {r.GetInt32(1)} pts ({r.GetInt32(2)} round{(r.GetInt32(2) == 1 ? "" : "s")})", cancellationToken, season[0].Id).ConfigureAwait(false);
        return new Embed { Title = season[0].Name, Description = rows.Count == 0 ? "No points yet." : string.Join('\n', rows.Select((row, i) => $"{i + 1}. {row}")), Color = 0x9B59B6 };
    }
}
