using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.Gateway.Delivery;

/// <summary>
/// Hands each followed chat's Message events on in sequence order without gaps, however many chat-service replicas
/// publish them. A chat's sequence numbers are taken under its row lock (and given back on rollback), so they are
/// gapless and seq n+1 commits only after n; but every replica publishes its own events after its commit, so n+1 can
/// arrive here before n. An event ahead of the next expected seq is held: the missing ones normally follow within
/// milliseconds, and after <see cref="HoldTime"/> they are read from the database (committed for certain, since a
/// later one is). An event at or below the last one handed on is a repeat (a redelivered command publishes again;
/// a message stored before this replica bound the chat) and only confirms <c>Delivered</c> to its sender.
/// A chat's order starts when this replica binds it, at the seq it had just before binding, and ends with the binding.
/// At most <see cref="MaxHeld"/> events are held per chat (the database may be down for a while): past that an event
/// only records that its seq exists, and it is read from the database like a missing one.
/// </summary>
internal sealed partial class MessageOrder(StoredMessages store, Action<DeliveryEvent, bool> deliver, ILogger logger)
{
    /// <summary>Long enough for a slower replica's confirmed publish on a loaded machine; a read after it costs one query.</summary>
    public static readonly TimeSpan HoldTime = TimeSpan.FromMilliseconds(200);

    public const int MaxHeld = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, ChatOrder> _chats = [];

    /// <summary>Call before binding the chat: every event the binding brings is then above or at the seq read here.</summary>
    public async Task TrackAsync(long chatId, CancellationToken cancellationToken)
    {
        var lastSeq = await store.LastSeqAsync(chatId, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _chats[chatId] = new ChatOrder(chatId, lastSeq);
        }
    }

    public void Forget(long chatId)
    {
        lock (_lock)
        {
            _chats.Remove(chatId);
        }
    }

    /// <summary>Takes one Message event; <c>deliver(event, isNew)</c> runs for it now, later, or (for a chat not bound here) never.</summary>
    public void Accept(DeliveryEvent delivery, StoredMessage message)
    {
        lock (_lock)
        {
            if (!_chats.TryGetValue(delivery.ChatId, out var chat))
            {
                return;
            }

            if (message.Seq <= chat.Delivered)
            {
                deliver(delivery, false);
                return;
            }

            if (message.Seq == chat.Delivered + 1)
            {
                chat.Delivered++;
                deliver(delivery, true);
                Release(chat);
                return;
            }

            if (chat.Held.Count < MaxHeld)
            {
                chat.Held[message.Seq] = delivery;
            }

            chat.Seen = Math.Max(chat.Seen, message.Seq);
            if (!chat.Filling)
            {
                chat.Filling = true;
                _ = FillAsync(chat);
            }
        }
    }

    /// <summary>Hands on held events while they continue the sequence.</summary>
    private void Release(ChatOrder chat)
    {
        while (chat.Held.Remove(chat.Delivered + 1, out var next))
        {
            chat.Delivered++;
            deliver(next, true);
        }
    }

    /// <summary>How many events of the chat wait for a gap to fill (for tests of the bound).</summary>
    internal int HeldCount(long chatId)
    {
        lock (_lock)
        {
            return _chats.TryGetValue(chatId, out var chat) ? chat.Held.Count : 0;
        }
    }

    /// <summary>After the hold, reads the gap before the first held event (or up to the newest seq seen) from the database until nothing is missing.</summary>
    private async Task FillAsync(ChatOrder chat)
    {
        var delay = HoldTime;
        while (true)
        {
            await Task.Delay(delay).ConfigureAwait(false);
            long from, to;
            lock (_lock)
            {
                if (!chat.IsBehind || !IsCurrent(chat))
                {
                    chat.Filling = false;
                    return;
                }

                (from, to) = (chat.Delivered + 1, chat.Held.Count > 0 ? chat.Held.Keys.First() - 1 : chat.Seen);
            }

            List<StoredMessage> missing = [];
            try
            {
                missing = await store.RangeAsync(chat.Id, from, to, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogFillFailed(logger, e, chat.Id);
            }

            if (missing.Count > 0)
            {
                LogFilled(logger, missing.Count, chat.Id);
            }

            lock (_lock)
            {
                foreach (var message in missing.Where(m => m.Seq == chat.Delivered + 1))
                {
                    chat.Delivered++;
                    deliver(new DeliveryEvent { Type = DeliveryEventType.Message, ChatId = chat.Id, Message = message }, true);
                }

                Release(chat);
                if (!chat.IsBehind || !IsCurrent(chat))
                {
                    chat.Filling = false;
                    return;
                }
            }

            delay = missing.Count == StoredMessages.MaxPerRead ? TimeSpan.Zero : HoldTime;
        }
    }

    private bool IsCurrent(ChatOrder chat) => _chats.TryGetValue(chat.Id, out var current) && current == chat;

    /// <summary>One chat's position: the last seq handed on, and events that arrived ahead of it.</summary>
    private sealed class ChatOrder(long id, long delivered)
    {
        public long Id { get; } = id;

        public long Delivered { get; set; } = delivered;

        public SortedDictionary<long, DeliveryEvent> Held { get; } = [];

        /// <summary>The newest seq an event announced, held or not.</summary>
        public long Seen { get; set; } = delivered;

        public bool IsBehind => Delivered < Seen;

        public bool Filling { get; set; }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Reading the missing messages of chat {ChatId} failed; trying again")]
    private static partial void LogFillFailed(ILogger logger, Exception exception, long chatId);

    [LoggerMessage(EventId = 41, Level = LogLevel.Debug, Message = "Read {Count} messages of chat {ChatId} whose events were late")]
    private static partial void LogFilled(ILogger logger, int count, long chatId);
}
