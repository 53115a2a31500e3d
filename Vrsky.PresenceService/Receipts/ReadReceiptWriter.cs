using Npgsql;
using NpgsqlTypes;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.PresenceService.Receipts;

/// <summary>
/// Writes a batch of read receipts in one statement: receipts for messages that exist in the named chat, from its
/// members, are inserted (a repeat is ignored) and each reader's read cursor moves forward to the newest of them.
/// </summary>
internal sealed class ReadReceiptWriter(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        WITH input AS (
            SELECT * FROM unnest(@chat, @user, @message, @at) AS t(chat_id, user_id, message_id, read_at)),
        valid AS (
            SELECT i.user_id, i.message_id, i.read_at, m.chat_id, m.seq FROM input i
            JOIN messages m ON m.id = i.message_id AND m.chat_id = i.chat_id
            JOIN chat_members cm ON cm.chat_id = i.chat_id AND cm.user_id = i.user_id),
        receipts AS (
            INSERT INTO read_receipts (message_id, user_id, read_at)
            SELECT DISTINCT ON (message_id, user_id) message_id, user_id, read_at FROM valid ORDER BY message_id, user_id, read_at
            ON CONFLICT (message_id, user_id) DO NOTHING),
        newest AS (
            SELECT DISTINCT ON (chat_id, user_id) chat_id, user_id, seq, message_id FROM valid ORDER BY chat_id, user_id, seq DESC)
        UPDATE chat_members cm SET last_read_seq = n.seq
        FROM newest n
        WHERE cm.chat_id = n.chat_id AND cm.user_id = n.user_id AND cm.last_read_seq < n.seq
        RETURNING cm.chat_id, cm.user_id, n.message_id
        """;

    /// <summary>
    /// The read cursors the batch moved, each to the newest message its reader read. Receipts naming a message
    /// outside the chat or from a non-member, and those behind the reader's cursor, move none.
    /// </summary>
    public async Task<List<ReadCursor>> WriteAsync(IReadOnlyList<ReadReceipt> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<long[]>("chat", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.ChatId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("user", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.UserId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("message", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.MessageId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. batch.Select(r => r.ReadAt.ToUniversalTime())] });
        var moved = new List<ReadCursor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            moved.Add(new ReadCursor(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return moved;
    }
}

/// <summary>A member's read cursor in a chat, now at <see cref="MessageId"/>.</summary>
internal sealed record ReadCursor(long ChatId, long UserId, long MessageId);
