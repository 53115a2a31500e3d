using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vrsky.DiscordBot.Infrastructure;

/// <summary>The <c>frolf</c> schema, migrated at start under an advisory lock so concurrent workers do not race.</summary>
public static class FrolfDatabase
{
    private const long MigrationLock = 0x66726f6c66; // "frolf"

    private static readonly string[] Migrations =
    [
        """
        create table guild_configs (
            guild_id text primary key, prefix text not null, events_channel_id text not null, leaderboard_channel_id text not null,
            signup_channel_id text not null, signup_message_id text not null, leaderboard_message_id text not null,
            player_role_id text not null, editor_role_id text not null, admin_role_id text not null, updated_at timestamptz not null default now());
        create table rounds (
            id bigserial primary key, guild_id text not null, title text not null, description text not null default '',
            location text not null, start_time timestamptz not null, status text not null default 'scheduled',
            channel_id text, message_id text, event_id text, created_by text not null, created_at timestamptz not null default now());
        create index rounds_due on rounds (start_time) where status = 'scheduled';
        create table round_players (
            round_id bigint not null references rounds (id) on delete cascade, user_id text not null,
            score int, dnf boolean not null default false, primary key (round_id, user_id));
        create table tags (guild_id text not null, tag int not null, user_id text not null, primary key (guild_id, tag), unique (guild_id, user_id));
        create table seasons (id bigserial primary key, guild_id text not null, name text not null, started_at timestamptz not null default now(), ended_at timestamptz);
        create unique index one_active_season on seasons (guild_id) where ended_at is null;
        create table season_points (
            season_id bigint not null references seasons (id) on delete cascade, user_id text not null,
            points int not null default 0, rounds int not null default 0, primary key (season_id, user_id));
        create table processed_events (id text primary key, response jsonb, processed_at timestamptz not null default now());
        """,
        // Versions of message edits (EventProcessor), so the gateway can drop an edit older than one it applied.
        "create sequence message_edit_versions;",
        // ProcessedEventsRetention deletes by age.
        "create index processed_events_age on processed_events (processed_at);",
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_lock({MigrationLock})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using (var create = new NpgsqlCommand("create table if not exists frolf_schema_version (version int not null)", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            int version;
            await using (var read = new NpgsqlCommand("select coalesce(max(version), 0) from frolf_schema_version", connection))
            {
                version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            for (var next = version; next < Migrations.Length; next++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var migrate = new NpgsqlCommand(Migrations[next], connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand($"insert into frolf_schema_version values ({next + 1})", connection, transaction))
                {
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                BotLog.Migrated(logger, next + 1);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
