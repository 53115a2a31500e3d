using System.Text.Json;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Tags;

/// <summary>/claimtag N: a free tag is assigned (the claimer's old tag is released); a taken one is refused naming its holder.</summary>
public static class TagHandlers
{
    public static async Task ClaimAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var option = context.Interaction.Data?.Option("tag")?.Value;
        // TryGetInt32 throws on anything but a number, and only Discord's validation of the option type stands in the way.
        if (option is not { ValueKind: JsonValueKind.Number } value || !value.TryGetInt32(out var tag) || tag is < 1 or > BotCommands.MaxTag)
        {
            context.Reply($"Tags are whole numbers from 1 to {BotCommands.MaxTag}.");
            return;
        }

        // Serialises claims per guild so two users racing for one tag get one winner and one clear refusal.
        await context.Sql.ExecuteAsync("select pg_advisory_xact_lock(hashtext($1))", cancellationToken, "tags:" + context.GuildId).ConfigureAwait(false);
        var holder = await context.Sql.ScalarAsync<string>("select user_id from tags where guild_id = $1 and tag = $2", cancellationToken, context.GuildId, tag).ConfigureAwait(false);
        if (holder == context.UserId)
        {
            context.Reply($"You already hold tag #{tag}.");
            return;
        }

        if (holder is not null)
        {
            context.Reply($"Tag #{tag} is taken by <@{holder}>.");
            return;
        }

        await context.Sql.ExecuteAsync("delete from tags where guild_id = $1 and user_id = $2", cancellationToken, context.GuildId, context.UserId).ConfigureAwait(false);
        await context.Sql.ExecuteAsync("insert into tags (guild_id, tag, user_id) values ($1, $2, $3)", cancellationToken, context.GuildId, tag, context.UserId).ConfigureAwait(false);
        context.Reply($"Tag #{tag} is yours.");
        await LeaderboardView.RefreshAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
