using System.Text.Json;
using Vrsky.Discord.Models;

namespace Vrsky.Discord.Gateway;

/// <summary>A dispatch (op 0) from the gateway, typed where the bot uses it; <see cref="Raw"/> keeps the payload.</summary>
public abstract record DiscordEvent(string Name, long Sequence, JsonElement Raw)
{
    /// <summary>Maps a dispatch to its typed event; unknown names become <see cref="UnknownEvent"/>.</summary>
    public static DiscordEvent Parse(string name, long sequence, JsonElement data)
    {
        T As<T>() => data.Deserialize<T>(DiscordJson.Options) ?? throw new JsonException($"{name} carried null");
        return name switch
        {
            "READY" => new ReadyEvent(sequence, data, As<Ready>()),
            "RESUMED" => new ResumedEvent(sequence, data),
            "GUILD_CREATE" => new GuildCreateEvent(sequence, data, As<Guild>()),
            "GUILD_DELETE" => new GuildDeleteEvent(sequence, data, As<Guild>()),
            "INTERACTION_CREATE" => new InteractionCreateEvent(sequence, data, As<Interaction>()),
            "MESSAGE_REACTION_ADD" => new MessageReactionAddEvent(sequence, data, As<MessageReaction>()),
            "MESSAGE_REACTION_REMOVE" => new MessageReactionRemoveEvent(sequence, data, As<MessageReaction>()),
            "GUILD_SCHEDULED_EVENT_CREATE" or "GUILD_SCHEDULED_EVENT_UPDATE" or "GUILD_SCHEDULED_EVENT_DELETE" =>
                new GuildScheduledEventChangedEvent(name, sequence, data, As<GuildScheduledEvent>()),
            _ => new UnknownEvent(name, sequence, data),
        };
    }
}

public sealed record ReadyEvent(long Sequence, JsonElement Raw, Ready Ready) : DiscordEvent("READY", Sequence, Raw);

public sealed record ResumedEvent(long Sequence, JsonElement Raw) : DiscordEvent("RESUMED", Sequence, Raw);

public sealed record GuildCreateEvent(long Sequence, JsonElement Raw, Guild Guild) : DiscordEvent("GUILD_CREATE", Sequence, Raw);

public sealed record GuildDeleteEvent(long Sequence, JsonElement Raw, Guild Guild) : DiscordEvent("GUILD_DELETE", Sequence, Raw);

public sealed record InteractionCreateEvent(long Sequence, JsonElement Raw, Interaction Interaction) : DiscordEvent("INTERACTION_CREATE", Sequence, Raw);

public sealed record MessageReactionAddEvent(long Sequence, JsonElement Raw, MessageReaction Reaction) : DiscordEvent("MESSAGE_REACTION_ADD", Sequence, Raw);

public sealed record MessageReactionRemoveEvent(long Sequence, JsonElement Raw, MessageReaction Reaction) : DiscordEvent("MESSAGE_REACTION_REMOVE", Sequence, Raw);

/// <summary>GUILD_SCHEDULED_EVENT_CREATE, _UPDATE or _DELETE (see <see cref="DiscordEvent.Name"/>).</summary>
public sealed record GuildScheduledEventChangedEvent(string Name, long Sequence, JsonElement Raw, GuildScheduledEvent ScheduledEvent) : DiscordEvent(Name, Sequence, Raw);

public sealed record UnknownEvent(string Name, long Sequence, JsonElement Raw) : DiscordEvent(Name, Sequence, Raw);
