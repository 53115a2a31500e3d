using Vrsky.DiscordBot.Infrastructure;

namespace Vrsky.DiscordBot.Rounds;

public static class RoundStatus
{
    public const string Scheduled = "scheduled";
    public const string Started = "started";
    public const string Finalized = "finalized";
}

/// <summary>A round with its players; <see cref="Player.Score"/> null and not DNF means not entered yet.</summary>
public sealed record RoundRecord(long Id, string GuildId, string Title, string Description, string Location, DateTimeOffset Start, string Status,
    string? ChannelId, string? MessageId, string? EventId, IReadOnlyList<Player> Players)
{
    /// <summary>Locks the round row (<c>for update</c>) so concurrent joins, scores and finalization serialise.</summary>
    public static async Task<RoundRecord?> LoadForUpdateAsync(Sql sql, string guildId, long id, CancellationToken cancellationToken)
    {
        var rounds = await sql.QueryAsync("""
            select id, guild_id, title, description, location, start_time, status, channel_id, message_id, event_id
            from rounds where id = $1 and guild_id = $2 for update
            """,
            r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)),
            cancellationToken, id, guildId).ConfigureAwait(false);
        if (rounds.Count == 0)
        {
            return null;
        }

        var players = await sql.QueryAsync("select user_id, score, dnf from round_players where round_id = $1 order by user_id",
            r => new Player(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetBoolean(2)), cancellationToken, id).ConfigureAwait(false);
        var (rid, guild, title, description, location, start, status, channel, message, evt) = rounds[0];
        return new RoundRecord(rid, guild, title, description, location, start, status, channel, message, evt, players);
    }
}

public sealed record Player(string UserId, int? Score, bool Dnf)
{
    public bool HasEntered => Score is not null || Dnf;
}
