namespace Vrsky.Discord.Gateway;

/// <summary>Gateway intents (API v10). <see cref="Default"/> is what the frolf bot needs and holds no privileged intent.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    /// <summary>Privileged.</summary>
    GuildMembers = 1 << 1,
    /// <summary>Privileged.</summary>
    GuildPresences = 1 << 8,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    DirectMessages = 1 << 12,
    /// <summary>Privileged.</summary>
    MessageContent = 1 << 15,
    GuildScheduledEvents = 1 << 16,

    Default = Guilds | GuildMessages | GuildMessageReactions | GuildScheduledEvents | DirectMessages,
    Privileged = GuildMembers | GuildPresences | MessageContent,
}
