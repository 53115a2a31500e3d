using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.Control;

namespace Vrsky.DiscordEmulator.State;

/// <summary>Everything the emulated Discord knows, behind one lock (the emulator serves tests, not load).</summary>
/// <param name="maxInteractions">Interactions kept; a long local run must not grow memory with every click.</param>
/// <param name="time">The clock whose time the ids carry.</param>
public sealed class EmulatorState(int maxInteractions = 10_000, TimeProvider? time = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatedGuild> _guilds = [];
    private readonly Dictionary<string, StoredMessage> _messages = [];
    private readonly Dictionary<string, InteractionRecord> _interactions = [];
    private readonly Dictionary<string, InteractionRecord> _interactionsByToken = [];
    private readonly Queue<InteractionRecord> _interactionOrder = new();
    private readonly List<ApplicationCommand> _globalCommands = [];

    internal Snowflakes Ids { get; } = new(time ?? TimeProvider.System);

    public EmulatedGuild AddGuild(string id)
    {
        lock (_lock)
        {
            var guild = new EmulatedGuild(id, $"Guild {id}");
            guild.Channels.Add(new Channel(Ids.Next(), ChannelTypes.GuildText, "general", id));
            // @everyone has the guild's id.
            guild.Roles.Add(new Role(id, "@everyone"));
            _guilds[id] = guild;
            return guild;
        }
    }

    public IReadOnlyList<string> GuildIds
    {
        get { lock (_lock) { return [.. _guilds.Keys]; } }
    }

    /// <summary>Runs <paramref name="read"/> under the lock on a guild (null when unknown).</summary>
    public T WithGuild<T>(string guildId, Func<EmulatedGuild?, T> read)
    {
        lock (_lock)
        {
            return read(_guilds.GetValueOrDefault(guildId));
        }
    }

    public IReadOnlyList<Channel> Channels(string guildId) => WithGuild(guildId, g => (IReadOnlyList<Channel>)(g?.Channels.ToList() ?? []));

    public IReadOnlyList<Role> Roles(string guildId) => WithGuild(guildId, g => (IReadOnlyList<Role>)(g?.Roles.ToList() ?? []));

    public IReadOnlyList<ApplicationCommand> Commands(string guildId) => WithGuild(guildId, g => (IReadOnlyList<ApplicationCommand>)(g?.Commands.ToList() ?? []));

    public IReadOnlyList<ApplicationCommand> GlobalCommands
    {
        get { lock (_lock) { return [.. _globalCommands]; } }
    }

    public IReadOnlySet<string> MemberRoles(string guildId, string userId) =>
        WithGuild(guildId, g => (IReadOnlySet<string>)(g?.MemberRoles.GetValueOrDefault(userId)?.ToHashSet() ?? []));

    public IReadOnlyList<GuildScheduledEvent> ScheduledEvents(string guildId) =>
        WithGuild(guildId, g => (IReadOnlyList<GuildScheduledEvent>)(g?.ScheduledEvents.Values.ToList() ?? []));

    public StoredMessage? Message(string messageId)
    {
        lock (_lock)
        {
            return _messages.GetValueOrDefault(messageId);
        }
    }

    public IReadOnlyList<StoredMessage> Messages(string channelId)
    {
        lock (_lock)
        {
            return [.. _messages.Values.Where(m => m.Message.ChannelId == channelId).OrderBy(m => m.Message.Id.Length).ThenBy(m => m.Message.Id, StringComparer.Ordinal)];
        }
    }

    public InteractionRecord? Interaction(string id)
    {
        lock (_lock)
        {
            return _interactions.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<InteractionRecord> Interactions
    {
        get { lock (_lock) { return [.. _interactions.Values]; } }
    }

    internal InteractionRecord? InteractionByToken(string token)
    {
        lock (_lock)
        {
            return _interactionsByToken.GetValueOrDefault(token);
        }
    }

    internal void AddInteraction(InteractionRecord record)
    {
        lock (_lock)
        {
            _interactions[record.Interaction.Id] = record;
            _interactionsByToken[record.Interaction.Token] = record;
            _interactionOrder.Enqueue(record);
            while (_interactionOrder.Count > maxInteractions)
            {
                var oldest = _interactionOrder.Dequeue();
                _interactions.Remove(oldest.Interaction.Id);
                _interactionsByToken.Remove(oldest.Interaction.Token);
            }
        }
    }

    internal bool ChannelExists(string channelId)
    {
        lock (_lock)
        {
            return _guilds.Values.Any(g => g.Channels.Any(c => c.Id == channelId));
        }
    }

    /// <summary>Creates a message, or returns the earlier one when an enforced nonce repeats (Discord's dedupe).</summary>
    internal Message CreateMessage(string channelId, MessageParams body, User author)
    {
        lock (_lock)
        {
            if (body.Nonce is { } nonce && body.EnforceNonce == true &&
                _messages.Values.FirstOrDefault(m => m.Nonce == nonce && m.Message.ChannelId == channelId) is { } earlier)
            {
                return earlier.Message;
            }

            var message = new Message(Ids.Next(), channelId, body.Content, body.Embeds ?? [], body.Components ?? [], author);
            _messages[message.Id] = new StoredMessage(message, 0, body.Nonce, body.Flags ?? 0);
            return message;
        }
    }

    internal Message? EditMessage(string messageId, MessageParams body)
    {
        lock (_lock)
        {
            if (!_messages.TryGetValue(messageId, out var stored))
            {
                return null;
            }

            var message = stored.Message with
            {
                Content = body.Content ?? stored.Message.Content,
                Embeds = body.Embeds ?? stored.Message.Embeds,
                Components = body.Components ?? stored.Message.Components,
            };
            _messages[messageId] = stored with { Message = message, Edits = stored.Edits + 1 };
            return message;
        }
    }

    internal void SetGlobalCommands(IEnumerable<ApplicationCommand> commands)
    {
        lock (_lock)
        {
            _globalCommands.Clear();
            _globalCommands.AddRange(commands);
        }
    }

    /// <summary>A copy of everything, for the control API and for people poking at a local run.</summary>
    public EmulatorSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new EmulatorSnapshot(
                [.. _guilds.Values.Select(g => new GuildSnapshot(g.Id, [.. g.Channels], [.. g.Roles],
                    g.MemberRoles.ToDictionary(m => m.Key, m => m.Value.ToList()), [.. g.Commands.Select(c => c.Name)], [.. g.ScheduledEvents.Values]))],
                [.. _messages.Values.Select(m => new MessageSnapshot(m.Message, m.Edits))],
                [.. _interactions.Values.Select(i => new InteractionSnapshot(i.Interaction.Id, i.Interaction.Type, i.Interaction.Data?.Name ?? i.Interaction.Data?.CustomId,
                    i.Response?.Type, i.AckLatency?.TotalMilliseconds, i.OriginalMessageId))]);
        }
    }
}
