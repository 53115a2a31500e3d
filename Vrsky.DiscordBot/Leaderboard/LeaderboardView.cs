using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Leaderboard;

/// <summary>The tag leaderboard: tags ascending with their holders, as an embed kept up to date in the leaderboard channel.</summary>
public static class LeaderboardView
{
    private const int MaxLines = 50;

    public static Embed Embed(IReadOnlyList<(int Tag, string UserId)> tags) => new()
    {
        Title = "Leaderboard",
        Color = 0xF1C40F,
        Description = tags.Count == 0
            ? "No tags claimed yet. Use /claimtag."
            : string.Join('\n', tags.Take(MaxLines).Select(t => $"**#{t.Tag}** <@{t.UserId}>")),
    };

    public static Task<List<(int Tag, string UserId)>> LoadAsync(Sql sql, string guildId, CancellationToken cancellationToken) =>
        sql.QueryAsync("select tag, user_id from tags where guild_id = $1 order by tag", r => (r.GetInt32(0), r.GetString(1)), cancellationToken, guildId);

    /// <summary>Edits the leaderboard message in place (setup created it), when the guild is set up.</summary>
    public static async Task RefreshAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        if (await context.ConfigAsync(cancellationToken).ConfigureAwait(false) is { } config)
        {
            var tags = await LoadAsync(context.Sql, context.GuildId, cancellationToken).ConfigureAwait(false);
            context.EditMessage(config.LeaderboardChannelId, config.LeaderboardMessageId, new MessageParams { Embeds = [Embed(tags)] });
        }
    }

    /// <summary>/leaderboard.</summary>
    public static async Task ShowAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var tags = await LoadAsync(context.Sql, context.GuildId, cancellationToken).ConfigureAwait(false);
        context.Reply("", Embed(tags));
    }
}
