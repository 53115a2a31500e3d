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
        cursors AS (
            UPDATE chat_members cm SET last_read_seq = v.seq
            FROM (SELECT chat_id, user_id, max(seq) AS seq FROM valid GROUP BY chat_id, user_id) v
            WHERE cm.chat_id = v.chat_id AND cm.user_id = v.user_id AND cm.last_read_seq < v.seq)
        SELECT count(*) FROM valid
        """;

    /// <summary>How many of the receipts were valid (the rest name a message outside the chat or a non-member).</summary>
    public async Task<long> WriteAsync(IReadOnlyList<ReadReceipt> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<long[]>("chat", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.ChatId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("user", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.UserId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("message", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.MessageId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. batch.Select(r => r.ReadAt.ToUniversalTime())] });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
