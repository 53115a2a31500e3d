using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Gateway.Delivery;

namespace Vrsky.Gateway.Realtime;

/// <summary>
/// Which local sockets follow which chat. The first local follower of a chat binds this replica's delivery queue
/// to it and the last one to leave removes the binding; bind decisions are serialized so a leave and a join racing
/// on one chat never leave it unbound while someone follows it. Message events pass through the chat's
/// <see cref="MessageOrder"/>, so every socket sees a chat's messages in sequence order.
/// </summary>
internal sealed class ConnectionRegistry
{
    private readonly DeliveryBindings _bindings;
    private readonly MessageOrder _order;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, HashSet<ClientConnection>> _rooms = [];
    private readonly Dictionary<ClientConnection, HashSet<long>> _chatsOf = [];
    private readonly HashSet<long> _bound = [];
    private readonly SemaphoreSlim _bindGate = new(1, 1);

    public ConnectionRegistry(DeliveryBindings bindings, StoredMessages stored, ILogger<MessageOrder> orderLogger)
    {
        _bindings = bindings;
        _order = new MessageOrder(stored, DispatchMessage, orderLogger);
    }

    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _chatsOf.Count;
            }
        }
    }

    public void Register(ClientConnection connection)
    {
        lock (_lock)
        {
            _chatsOf[connection] = [];
        }
    }

    public bool IsJoined(ClientConnection connection, long chatId)
    {
        lock (_lock)
        {
            return _chatsOf.TryGetValue(connection, out var chats) && chats.Contains(chatId);
        }
    }

    public async Task JoinAsync(ClientConnection connection, IEnumerable<long> chatIds)
    {
        var joined = new List<long>();
        lock (_lock)
        {
            var chats = _chatsOf[connection];
            foreach (var chatId in chatIds)
            {
                if (chats.Add(chatId))
                {
                    joined.Add(chatId);
                    (_rooms.TryGetValue(chatId, out var room) ? room : _rooms[chatId] = []).Add(connection);
                }
            }
        }

        await ReconcileAsync(joined).ConfigureAwait(false);
    }

    public async Task UnregisterAsync(ClientConnection connection)
    {
        HashSet<long>? chats;
        lock (_lock)
        {
            if (!_chatsOf.Remove(connection, out chats))
            {
                return;
            }

            foreach (var chatId in chats)
            {
                if (_rooms.TryGetValue(chatId, out var room) && room.Remove(connection) && room.Count == 0)
                {
                    _rooms.Remove(chatId);
                }
            }
        }

        await ReconcileAsync(chats).ConfigureAwait(false);
    }

    /// <summary>
    /// The user's local sockets stop following the chat (each gets a <c>Removed</c> frame), so nothing of the chat
    /// reaches them once the membership check that admitted them no longer holds.
    /// </summary>
    public async Task RemoveMemberAsync(long userId, long chatId)
    {
        List<ClientConnection> removed = [];
        lock (_lock)
        {
            if (!_rooms.TryGetValue(chatId, out var room))
            {
                return;
            }

            removed.AddRange(room.Where(c => c.UserId == userId));
            foreach (var connection in removed)
            {
                room.Remove(connection);
                _chatsOf[connection].Remove(chatId);
            }

            if (room.Count == 0)
            {
                _rooms.Remove(chatId);
            }
        }

        foreach (var connection in removed)
        {
            connection.Send(new ServerFrame("Removed") { ChatId = chatId });
        }

        await ReconcileAsync([chatId]).ConfigureAwait(false);
    }

    /// <summary>Makes the queue's bindings for <paramref name="chatIds"/> match whether anyone here follows them.</summary>
    private async Task ReconcileAsync(IEnumerable<long> chatIds)
    {
        await _bindGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var chatId in chatIds)
            {
                bool followed;
                lock (_lock)
                {
                    followed = _rooms.ContainsKey(chatId);
                }

                if (followed && !_bound.Contains(chatId))
                {
                    // Marked bound only once both worked, so a failure here is retried by the next join.
                    await _order.TrackAsync(chatId, CancellationToken.None).ConfigureAwait(false);
                    await _bindings.BindChatAsync(chatId).ConfigureAwait(false);
                    _bound.Add(chatId);
                }
                else if (!followed && _bound.Remove(chatId))
                {
                    await _bindings.UnbindChatAsync(chatId).ConfigureAwait(false);
                    _order.Forget(chatId);
                }
            }
        }
        finally
        {
            _bindGate.Release();
        }
    }

    /// <summary>Hands one delivery event to every local follower of its chat as the frame each should see.</summary>
    public void Dispatch(DeliveryEvent delivery)
    {
        if (delivery is { Type: DeliveryEventType.Message, Message: { } message })
        {
            _order.Accept(delivery, message);
            return;
        }

        if (Followers(delivery.ChatId) is not { } targets)
        {
            return;
        }

        switch (delivery.Type)
        {
            case DeliveryEventType.Read:
                SendToAll(targets, new ServerFrame("Read") { ChatId = delivery.ChatId, UserId = delivery.UserId, MsgId = delivery.MessageId }, skipUser: null);
                break;
            case DeliveryEventType.Typing:
                SendToAll(targets, new ServerFrame("Typing") { ChatId = delivery.ChatId, UserId = delivery.UserId }, skipUser: delivery.UserId);
                break;
            case DeliveryEventType.Presence:
                SendToAll(targets, new ServerFrame("Presence") { ChatId = delivery.ChatId, UserId = delivery.UserId, Online = delivery.Online }, skipUser: delivery.UserId);
                break;
        }
    }

    /// <summary>
    /// A Message event in sequence order: a new one goes to every follower (its sender's socket gets
    /// <c>Delivered</c>); a repeat only confirms <c>Delivered</c> to its sender's socket.
    /// </summary>
    private void DispatchMessage(DeliveryEvent delivery, bool isNew)
    {
        if (Followers(delivery.ChatId) is not { } targets)
        {
            return;
        }

        var message = delivery.Message!;
        var origin = OriginOf(delivery.Origin);
        var shared = isNew
            ? RealtimeJson.Encode(new ServerFrame("Message")
            {
                ChatId = message.ChatId, MsgId = message.Id, Seq = message.Seq, SenderId = message.SenderId,
                Uuid = message.Uuid, Body = message.Body, CreatedAt = message.CreatedAt,
            })
            : null;
        foreach (var target in targets)
        {
            if (target.Id == origin)
            {
                target.Send(new ServerFrame("Delivered") { Uuid = message.Uuid, MsgId = message.Id, ChatId = message.ChatId, Seq = message.Seq });
            }
            else if (shared is not null)
            {
                target.Send(shared);
            }
        }
    }

    private ClientConnection[]? Followers(long chatId)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(chatId, out var room) ? [.. room] : null;
        }
    }

    /// <summary>The local connection id in an origin <c>{gatewayId}/{connectionId}</c> from this gateway, else null.</summary>
    private string? OriginOf(string? origin) =>
        origin is not null && origin.StartsWith(_bindings.GatewayId + "/", StringComparison.Ordinal) ? origin[(_bindings.GatewayId.Length + 1)..] : null;

    private static void SendToAll(ClientConnection[] targets, ServerFrame frame, long? skipUser)
    {
        var encoded = RealtimeJson.Encode(frame);
        foreach (var target in targets)
        {
            if (target.UserId != skipUser)
            {
                target.Send(encoded);
            }
        }
    }
}
