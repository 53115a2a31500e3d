using Npgsql;

namespace Vrsky.Gateway.Chats;

/// <summary>Chats, members and message history in the <c>chat</c> database (messages are written by the chat service).</summary>
internal sealed class ChatStore(NpgsqlDataSource dataSource)
{
    public async Task<Membership> GetMembershipAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT role FROM chat_members WHERE chat_id = @chat AND user_id = @user), EXISTS (SELECT 1 FROM chats WHERE id = @chat)");
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1)) switch
        {
            (_, false) => Membership.NoSuchChat,
            (null, true) => Membership.NotMember,
            ("admin", true) => Membership.Admin,
            _ => Membership.Member,
        };
    }

    /// <summary>The direct chat between the two users, created when missing; null when <paramref name="otherUserId"/> does not exist.</summary>
    public async Task<(long ChatId, bool Created)?> GetOrCreateDirectAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH other AS (SELECT id FROM users WHERE id = @other),
            created AS (
                INSERT INTO chats (kind, direct_key) SELECT 'direct', @key FROM other
                ON CONFLICT (direct_key) DO NOTHING RETURNING id),
            members AS (
                INSERT INTO chat_members (chat_id, user_id, role)
                SELECT created.id, u, 'member' FROM created, unnest(ARRAY[@me, @other]) AS u)
            SELECT id, true FROM created
            UNION ALL SELECT id, false FROM chats WHERE direct_key = @key AND EXISTS (SELECT 1 FROM other)
            """);
        command.Parameters.AddWithValue("me", userId);
        command.Parameters.AddWithValue("other", otherUserId);
        command.Parameters.AddWithValue("key", $"{Math.Min(userId, otherUserId)}:{Math.Max(userId, otherUserId)}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }

    /// <summary>A group with the creator as admin; null (and nothing created) when a member id does not exist.</summary>
    public async Task<long?> CreateGroupAsync(long userId, string title, IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Append(userId).Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            WITH created AS (INSERT INTO chats (kind, title) VALUES ('group', @title) RETURNING id),
            members AS (
                INSERT INTO chat_members (chat_id, user_id, role)
                SELECT created.id, users.id, CASE WHEN users.id = @me THEN 'admin' ELSE 'member' END
                FROM created, users WHERE users.id = ANY(@ids)
                RETURNING user_id)
            SELECT (SELECT id FROM created), (SELECT count(*) FROM members)
            """, connection, transaction);
        command.Parameters.AddWithValue("title", title);
        command.Parameters.AddWithValue("me", userId);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (chatId, members) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.DisposeAsync().ConfigureAwait(false);
        if (members != ids.Length)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return chatId;
    }

    public async Task<ChatView?> GetChatAsync(long chatId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.kind, c.title, m.user_id, u.username, m.role
            FROM chats c JOIN chat_members m ON m.chat_id = c.id JOIN users u ON u.id = m.user_id
            WHERE c.id = @chat ORDER BY m.joined_at, m.user_id
            """);
        command.Parameters.AddWithValue("chat", chatId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? kind = null, title = null;
        var members = new List<MemberView>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            (kind, title) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
            members.Add(new MemberView(reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        }

        return kind is null ? null : new ChatView(chatId, kind, title, members);
    }

    /// <summary>The user's chats, each with its last message and unread count, most recent activity first, in one query.</summary>
    public async Task<IReadOnlyList<ChatSummary>> ListAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.id, c.kind, c.title,
                   (SELECT count(*) FROM messages x WHERE x.chat_id = c.id AND x.seq > m.last_read_seq AND x.sender_id <> @me),
                   last.id, last.seq, last.sender_id, last.client_uuid, last.body, last.created_at
            FROM chat_members m
            JOIN chats c ON c.id = m.chat_id
            LEFT JOIN LATERAL (
                SELECT id, seq, sender_id, client_uuid, body, created_at FROM messages
                WHERE chat_id = c.id ORDER BY seq DESC LIMIT 1) last ON true
            WHERE m.user_id = @me
            ORDER BY coalesce(last.created_at, c.created_at) DESC, c.id DESC
            LIMIT 500
            """);
        command.Parameters.AddWithValue("me", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chats = new List<ChatSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var chatId = reader.GetInt64(0);
            var last = reader.IsDBNull(4) ? null : new MessageView(
                reader.GetInt64(4), chatId, reader.GetInt64(5), reader.GetInt64(6), reader.GetGuid(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9));
            chats.Add(new ChatSummary(chatId, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3), last));
        }

        return chats;
    }

    /// <summary>The user's chat ids (the chats a new WebSocket joins).</summary>
    public async Task<long[]> ChatIdsOfAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT chat_id FROM chat_members WHERE user_id = @me LIMIT 1000");
        command.Parameters.AddWithValue("me", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>False when the user is already a member; null when the user does not exist.</summary>
    public async Task<bool?> AddMemberAsync(long chatId, long userId, string role, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO chat_members (chat_id, user_id, role) SELECT @chat, id, @role FROM users WHERE id = @user
            ON CONFLICT (chat_id, user_id) DO NOTHING
            RETURNING 1
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("role", role);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        return await UserExistsAsync(userId, cancellationToken).ConfigureAwait(false) ? false : null;
    }

    public async Task<bool> RemoveMemberAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM chat_members WHERE chat_id = @chat AND user_id = @user");
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("user", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Newest first; <paramref name="beforeSeq"/> is the cursor from the previous page.</summary>
    public async Task<MessagePage> HistoryAsync(long chatId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, seq, sender_id, client_uuid, body, created_at FROM messages
            WHERE chat_id = @chat AND seq < @before ORDER BY seq DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("before", beforeSeq ?? long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<MessageView>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new MessageView(reader.GetInt64(0), chatId, reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        var next = messages.Count == limit && messages[^1].Seq > 1 ? messages[^1].Seq : (long?)null;
        return new MessagePage(messages, next);
    }

    /// <summary>True when message <paramref name="messageId"/> belongs to the chat.</summary>
    public async Task<bool> MessageInChatAsync(long chatId, long messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM messages WHERE id = @id AND chat_id = @chat)");
        command.Parameters.AddWithValue("id", messageId);
        command.Parameters.AddWithValue("chat", chatId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<bool> UserExistsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM users WHERE id = @user)");
        command.Parameters.AddWithValue("user", userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
