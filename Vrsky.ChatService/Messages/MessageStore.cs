using Npgsql;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.ChatService.Receipts;

namespace Vrsky.ChatService.Messages;

/// <summary>
/// Stores each message once per (chat, client uuid). The chat row is locked while its next sequence number is
/// taken, so sequences are gapless and increase in commit order however many consumers run.
/// </summary>
internal sealed class MessageStore(NpgsqlDataSource dataSource)
{
    /// <summary>The stored message (the earlier one for a repeated uuid), or null when the sender may not post to the chat.</summary>
    public async Task<StoredMessage?> StoreAsync(ChatMessageCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(connection, command, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var next = new NpgsqlCommand(
            """
            UPDATE chats SET last_seq = last_seq + 1
            WHERE id = @chat AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = @chat AND user_id = @sender)
            RETURNING last_seq
            """, connection, transaction))
        {
            next.Parameters.AddWithValue("chat", command.ChatId);
            next.Parameters.AddWithValue("sender", command.SenderId);
            if (await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long seq)
            {
                return null;
            }

            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO messages (chat_id, seq, sender_id, client_uuid, body) VALUES (@chat, @seq, @sender, @uuid, @body)
                ON CONFLICT (chat_id, client_uuid) DO NOTHING
                RETURNING id, created_at
                """, connection, transaction);
            insert.Parameters.AddWithValue("chat", command.ChatId);
            insert.Parameters.AddWithValue("seq", seq);
            insert.Parameters.AddWithValue("sender", command.SenderId);
            insert.Parameters.AddWithValue("uuid", command.Uuid);
            insert.Parameters.AddWithValue("body", command.Body);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Another consumer stored the same uuid meanwhile: give the sequence number back and use its row.
                await reader.DisposeAsync().ConfigureAwait(false);
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await FindAsync(connection, command, cancellationToken).ConfigureAwait(false);
            }

            var stored = new StoredMessage(reader.GetInt64(0), command.ChatId, seq, command.SenderId, command.Uuid, command.Body, reader.GetFieldValue<DateTimeOffset>(1));
            await reader.DisposeAsync().ConfigureAwait(false);
            await DeliveryReceipts.WriteAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }
    }

    private static async Task<StoredMessage?> FindAsync(NpgsqlConnection connection, ChatMessageCommand command, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            "SELECT id, seq, sender_id, body, created_at FROM messages WHERE chat_id = @chat AND client_uuid = @uuid", connection);
        find.Parameters.AddWithValue("chat", command.ChatId);
        find.Parameters.AddWithValue("uuid", command.Uuid);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredMessage(reader.GetInt64(0), command.ChatId, reader.GetInt64(1), reader.GetInt64(2), command.Uuid, reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }
}
