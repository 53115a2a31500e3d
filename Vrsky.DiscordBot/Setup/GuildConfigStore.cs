using Npgsql;

namespace Vrsky.DiscordBot.Setup;

/// <summary>Guild configurations in PostgreSQL.</summary>
public static class GuildConfigStore
{
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, GuildConfig config, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into guild_configs (guild_id, prefix, events_channel_id, leaderboard_channel_id, signup_channel_id, signup_message_id,
                                       leaderboard_message_id, player_role_id, editor_role_id, admin_role_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            on conflict (guild_id) do update set prefix = excluded.prefix, events_channel_id = excluded.events_channel_id,
                leaderboard_channel_id = excluded.leaderboard_channel_id, signup_channel_id = excluded.signup_channel_id,
                signup_message_id = excluded.signup_message_id, leaderboard_message_id = excluded.leaderboard_message_id,
                player_role_id = excluded.player_role_id, editor_role_id = excluded.editor_role_id, admin_role_id = excluded.admin_role_id,
                updated_at = now()
            """, connection, transaction);
        foreach (var value in new[] { config.GuildId, config.Prefix, config.EventsChannelId, config.LeaderboardChannelId, config.SignupChannelId,
                     config.SignupMessageId, config.LeaderboardMessageId, config.PlayerRoleId, config.EditorRoleId, config.AdminRoleId })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<GuildConfig?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string guildId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select guild_id, prefix, events_channel_id, leaderboard_channel_id, signup_channel_id, signup_message_id,
                   leaderboard_message_id, player_role_id, editor_role_id, admin_role_id
            from guild_configs where guild_id = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = guildId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GuildConfig(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9))
            : null;
    }
}
