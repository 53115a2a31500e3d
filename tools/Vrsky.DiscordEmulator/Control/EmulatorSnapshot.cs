using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>What <c>GET /_emulator/state</c> returns: the guilds, every message and every interaction with its acknowledgement.</summary>
public sealed record EmulatorSnapshot(IReadOnlyList<GuildSnapshot> Guilds, IReadOnlyList<MessageSnapshot> Messages, IReadOnlyList<InteractionSnapshot> Interactions);

/// <summary>A guild's channels, roles, members' role ids, registered command names and scheduled events.</summary>
public sealed record GuildSnapshot(string Id, IReadOnlyList<Channel> Channels, IReadOnlyList<Role> Roles,
    IReadOnlyDictionary<string, List<string>> Members, IReadOnlyList<string> Commands, IReadOnlyList<GuildScheduledEvent> ScheduledEvents);

public sealed record MessageSnapshot(Message Message, int Edits);

/// <summary>An interaction, the callback type the bot answered with, how long that took, and the response message once there is one.</summary>
public sealed record InteractionSnapshot(string Id, InteractionType Type, string? Name, InteractionCallbackType? ResponseType, double? AckMs, string? OriginalMessageId);

/// <summary>What the user-action endpoints answer: the interaction they created.</summary>
public sealed record InteractionSummary(string InteractionId);
