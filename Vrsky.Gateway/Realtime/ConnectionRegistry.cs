using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Gateway.Delivery;

namespace Vrsky.Gateway.Realtime;

/// <summary>
/// Which local sockets follow which chat. The first local follower of a chat binds this replica's delivery queue
/// to it and the last one to leave removes the binding; bind decisions are serialized so a leave and a join racing
/// on one chat never leave it unbound while someone follows it.
/// </summary>
internal sealed class ConnectionRegistry(DeliveryBindings bindings)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, HashSet<ClientConnection>> _rooms = [];
    private readonly Dictionary<ClientConnection, HashSet<long>> _chatsOf = [];
    private readonly HashSet<long> _bound = [];
    private readonly SemaphoreSlim _bindGate = new(1, 1);

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

                if (followed && _bound.Add(chatId))
                {
                    await bindings.BindChatAsync(chatId).ConfigureAwait(false);
                }
                else if (!followed && _bound.Remove(chatId))
                {
                    await bindings.UnbindChatAsync(chatId).ConfigureAwait(false);
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
        ClientConnection[] targets;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(delivery.ChatId, out var room))
            {
                return;
            }

            targets = [.. room];
        }

        switch (delivery.Type)
        {
            case DeliveryEventType.Message when delivery.Message is { } message:
                var shared = RealtimeJson.Encode(new ServerFrame("Message")
                {
                    ChatId = message.ChatId, MsgId = message.Id, Seq = message.Seq, SenderId = message.SenderId,
                    Uuid = message.Uuid, Body = message.Body, CreatedAt = message.CreatedAt,
                });
                var origin = OriginOf(delivery.Origin);
                foreach (var target in targets)
                {
                    if (target.Id == origin)
                    {
                        target.Send(new ServerFrame("Delivered") { Uuid = message.Uuid, MsgId = message.Id, ChatId = message.ChatId, Seq = message.Seq });
                    }
                    else
                    {
                        target.Send(shared);
                    }
                }

                break;
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

    /// <summary>The local connection id in an origin <c>{gatewayId}/{connectionId}</c> from this gateway, else null.</summary>
    private string? OriginOf(string? origin) =>
        origin is not null && origin.StartsWith(bindings.GatewayId + "/", StringComparison.Ordinal) ? origin[(bindings.GatewayId.Length + 1)..] : null;

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
