using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Leaderboard;

/// <summary>The tag leaderboard: tags ascending with their holders, as an embed kept up to date in the leaderboard channel.</summary>
public static class LeaderboardView
{
    /// <summary>Discord's limit on an embed description.</summary>
    public const int MaxDescriptionLength = EmbedLimits.MaxDescription;

    /// <summary>The embed's title; setup run again finds its earlier message by it.</summary>
    public const string Title = "Leaderboard";

    public static Embed Embed(IReadOnlyList<(int Tag, string UserId)> tags) => new()
    {
        Title = Title,
        Color = 0xF1C40F,
        Description = tags.Count == 0 ? "No tags claimed yet. Use /claimtag." : Description(tags),
    };

    /// <summary>
    /// Every holder: tags are 1..100 and a line is at most 33 characters, so all fit. Should more holders than that ever
    /// exist, the last lines give way to a note of how many were left out rather than Discord refusing the embed.
    /// </summary>
    private static string Description(IReadOnlyList<(int Tag, string UserId)> tags) =>
        string.Join('\n', EmbedLimits.Shorten(tags.Select(t => $"**#{t.Tag}** <@{t.UserId}>").ToList(),
            lines => lines.Sum(l => l.Length + 1) - 1 <= MaxDescriptionLength));

    public static Task<List<(int Tag, string UserId)>> LoadAsync(Sql sql, string guildId, CancellationToken cancellationToken) =>
        sql.QueryAsync("select tag, user_id from tags where guild_id = $1 order by tag", r => (r.GetInt32(0), r.GetString(1)), cancellationToken, guildId);

    /// <summary>Edits the leaderboard message in place (setup created it), when the guild is set up.</summary>
    public static async Task RefreshAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        if (await context.ConfigAsync(cancellationToken).ConfigureAwait(false) is { } config)
        {
            // Two workers changing different tags hold no common row lock, so each could render without the other's
            // change and the later-numbered edit would still be stale. Held to commit, this lock makes the second read
            // see the first's tags and take the higher edit version.
            await context.Sql.ExecuteAsync("select pg_advisory_xact_lock(hashtext('frolf-leaderboard:' || $1))", cancellationToken, context.GuildId).ConfigureAwait(false);
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
