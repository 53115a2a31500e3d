using Npgsql;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.Gateway.Delivery;

/// <summary>What <see cref="MessageOrder"/> reads from the database: where a chat's sequence stands, and missing messages.</summary>
internal sealed class StoredMessages(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many missing messages per read; a longer gap takes several.</summary>
    public const int MaxPerRead = 100;

    public async Task<long> LastSeqAsync(long chatId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT last_seq FROM chats WHERE id = @chat");
        command.Parameters.AddWithValue("chat", chatId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long? ?? 0;
    }

    /// <summary>The chat's messages from <paramref name="fromSeq"/> up to <paramref name="toSeq"/>, in order, at most <see cref="MaxPerRead"/>.</summary>
    public async Task<List<StoredMessage>> RangeAsync(long chatId, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, seq, sender_id, client_uuid, body, created_at FROM messages
            WHERE chat_id = @chat AND seq BETWEEN @from AND @to ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("from", fromSeq);
        command.Parameters.AddWithValue("to", toSeq);
        command.Parameters.AddWithValue("limit", MaxPerRead);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<StoredMessage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new StoredMessage(reader.GetInt64(0), chatId, reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return messages;
    }
}
