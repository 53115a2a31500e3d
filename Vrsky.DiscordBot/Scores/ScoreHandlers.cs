using System.Globalization;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Rounds;
using Vrsky.DiscordBot.Seasons;
using Vrsky.DiscordBot.Tags;

namespace Vrsky.DiscordBot.Scores;

/// <summary>
/// Score entry (integer −36..+72, or DNF) and auto-finalization once every joined player has entered: ranks, tag
/// re-deal, season points, the finalized round embed and the leaderboard edit, all in the event's transaction.
/// </summary>
public static class ScoreHandlers
{
    public const int MinScore = -36;
    public const int MaxScore = 72;

    public static async Task SubmitAsync(HandlerContext context, long roundId, CancellationToken cancellationToken)
    {
        var text = context.Interaction.Data?.TextInput("score")?.Trim() ?? "";
        var dnf = text.Equals("DNF", StringComparison.OrdinalIgnoreCase);
        int? score = null;
        if (!dnf)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < MinScore or > MaxScore)
            {
                context.Reply($"A score is a whole number from {MinScore} to +{MaxScore} (relative to par), or DNF.");
                return;
            }

            score = value;
        }

        var round = await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, roundId, cancellationToken).ConfigureAwait(false);
        if (round is null || round.Status != RoundStatus.Started)
        {
            context.Reply(round?.Status == RoundStatus.Finalized ? "This round is already final." : "This round has not started.");
            return;
        }

        if (round.Players.All(p => p.UserId != context.UserId))
        {
            context.Reply("You have not joined this round.");
            return;
        }

        await context.Sql.ExecuteAsync("update round_players set score = $3, dnf = $4 where round_id = $1 and user_id = $2", cancellationToken,
            roundId, context.UserId, (object?)score ?? DBNull.Value, dnf).ConfigureAwait(false);
        context.Reply(dnf ? "Recorded: DNF." : $"Recorded: {RoundView.FormatScore(score!.Value)}.");

        round = (await RoundRecord.LoadForUpdateAsync(context.Sql, context.GuildId, roundId, cancellationToken).ConfigureAwait(false))!;
        if (round.Players.All(p => p.HasEntered))
        {
            await FinalizeAsync(context, round, cancellationToken).ConfigureAwait(false);
        }
        else if (round is { ChannelId: { } channel, MessageId: { } message })
        {
            context.EditMessage(channel, message, RoundView.Message(round));
        }
    }

    private static async Task FinalizeAsync(HandlerContext context, RoundRecord round, CancellationToken cancellationToken)
    {
        // Guarded by the status: a round is finalized (and its tags re-dealt) once.
        var finalized = await context.Sql.ExecuteAsync("update rounds set status = $2 where id = $1 and status = $3", cancellationToken,
            round.Id, RoundStatus.Finalized, RoundStatus.Started).ConfigureAwait(false);
        if (finalized == 0)
        {
            return;
        }

        await context.Sql.ExecuteAsync("select pg_advisory_xact_lock(hashtext($1))", cancellationToken, "tags:" + context.GuildId).ConfigureAwait(false);
        var tags = (await context.Sql.QueryAsync("select user_id, tag from tags where guild_id = $1", r => (r.GetString(0), r.GetInt32(1)), cancellationToken, context.GuildId).ConfigureAwait(false))
            .ToDictionary(t => t.Item1, t => t.Item2);
        var results = round.Players.Select(p => new RoundResult(p.UserId, p.Dnf ? null : p.Score, tags.TryGetValue(p.UserId, out var tag) ? tag : null)).ToList();

        var changes = TagRedeal.Redeal(results);
        foreach (var change in changes)
        {
            await context.Sql.ExecuteAsync("delete from tags where guild_id = $1 and user_id = $2", cancellationToken, context.GuildId, change.UserId).ConfigureAwait(false);
        }

        foreach (var change in changes)
        {
            await context.Sql.ExecuteAsync("insert into tags (guild_id, tag, user_id) values ($1, $2, $3)", cancellationToken, context.GuildId, change.NewTag, change.UserId).ConfigureAwait(false);
        }

        var season = await context.Sql.ScalarAsync<long?>("select id from seasons where guild_id = $1 and ended_at is null", cancellationToken, context.GuildId).ConfigureAwait(false);
        if (season is { } seasonId)
        {
            var points = SeasonPoints.Award(results);
            foreach (var player in results.Where(r => r.Score is not null))
            {
                await context.Sql.ExecuteAsync("""
                    insert into season_points (season_id, user_id, points, rounds) values ($1, $2, $3, 1)
                    on conflict (season_id, user_id) do update set points = season_points.points + excluded.points, rounds = season_points.rounds + 1
                    """, cancellationToken, seasonId, player.UserId, points.GetValueOrDefault(player.UserId)).ConfigureAwait(false);
            }
        }

        var final = round with { Status = RoundStatus.Finalized };
        if (final is { ChannelId: { } channel, MessageId: { } message })
        {
            context.EditMessage(channel, message, RoundView.Message(final));
        }

        await LeaderboardView.RefreshAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
