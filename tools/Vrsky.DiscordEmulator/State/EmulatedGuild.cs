using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.State;

/// <summary>One guild's Discord-side state. Guarded by <see cref="EmulatorState"/>'s lock.</summary>
public sealed class EmulatedGuild(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public List<Channel> Channels { get; } = [];

    public List<Role> Roles { get; } = [];

    /// <summary>User id → role ids.</summary>
    public Dictionary<string, HashSet<string>> MemberRoles { get; } = [];

    public List<ApplicationCommand> Commands { get; } = [];

    public Dictionary<string, GuildScheduledEvent> ScheduledEvents { get; } = [];
}

/// <summary>An interaction the emulator dispatched and what the bot answered, with timings.</summary>
public sealed class InteractionRecord(Interaction interaction, DateTimeOffset createdAt)
{
    public Interaction Interaction { get; } = interaction;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The callback (type 4, 5, 6, 7 or 9) and when it arrived.</summary>
    public InteractionResponse? Response { get; internal set; }

    public DateTimeOffset? RespondedAt { get; internal set; }

    /// <summary>The response message (type 4, or type 5 once edited) or, after type 6/7, the component's message.</summary>
    public string? OriginalMessageId { get; internal set; }

    public List<string> FollowupMessageIds { get; } = [];

    public TimeSpan? AckLatency => RespondedAt - CreatedAt;
}

/// <summary>
/// A channel message as stored, with how often it was edited and its flags as created (an ephemeral message, 64, is
/// seen by the interaction's user alone; an edit cannot change that, as on Discord).
/// </summary>
public sealed record StoredMessage(Message Message, int Edits, string? Nonce, int Flags = 0)
{
    public bool Ephemeral => (Flags & MessageFlags.Ephemeral) != 0;
}
