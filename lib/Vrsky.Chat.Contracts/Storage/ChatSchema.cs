using Npgsql;

namespace Vrsky.Chat.Contracts.Storage;

/// <summary>
/// The <c>chat</c> database's migrations, applied at start by every chat service. Each runs once, in order, under
/// an advisory lock, so replicas starting together neither race nor apply a step twice.
/// </summary>
public static class ChatSchema
{
    private const long MigrationLockKey = 0x43_48_41_54; // "CHAT"

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            username text NOT NULL UNIQUE,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());

        CREATE TABLE refresh_tokens (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            family_id uuid NOT NULL,
            token_hash bytea NOT NULL UNIQUE,
            expires_at timestamptz NOT NULL,
            used_at timestamptz,
            revoked_at timestamptz);
        CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

        CREATE TABLE signing_keys (
            id int PRIMARY KEY,
            key_id text NOT NULL,
            private_key bytea NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());

        CREATE TABLE chats (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('direct', 'group')),
            title text,
            direct_key text UNIQUE,
            last_seq bigint NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now());

        CREATE TABLE chat_members (
            chat_id bigint NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role text NOT NULL CHECK (role IN ('admin', 'member')),
            last_read_seq bigint NOT NULL DEFAULT 0,
            joined_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (chat_id, user_id));
        CREATE INDEX chat_members_user ON chat_members(user_id);

        CREATE TABLE messages (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            chat_id bigint NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            sender_id bigint NOT NULL REFERENCES users(id),
            client_uuid uuid NOT NULL,
            body text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (chat_id, client_uuid),
            UNIQUE (chat_id, seq));

        CREATE TABLE delivery_receipts (
            message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (message_id, user_id));

        CREATE TABLE read_receipts (
            message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            read_at timestamptz NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (message_id, user_id));
        """,
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS chat_schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);

        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM chat_schema_migrations", connection);
        var applied = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        for (var version = applied + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO chat_schema_migrations (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
