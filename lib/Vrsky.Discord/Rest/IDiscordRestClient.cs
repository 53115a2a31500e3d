using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>
/// Discord's HTTP API (v10). Every call honours the per-route buckets from <c>X-RateLimit-*</c> headers and the global
/// limit, waits out 429 <c>retry_after</c>, and retries 5xx answers a bounded number of times; what still fails raises
/// <see cref="DiscordRestException"/>.
/// </summary>
public interface IDiscordRestClient
{
    Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken = default);

    /// <summary>Answers an interaction (types 4, 5, 6, 7, 9); must happen within 3 s of INTERACTION_CREATE.</summary>
    Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default);

    /// <summary>Edits the original response (or, after type 6, the message the component was on).</summary>
    Task<Message> EditOriginalResponseAsync(string applicationId, string interactionToken, MessageParams message, CancellationToken cancellationToken = default);

    Task<Message> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessageParams message, CancellationToken cancellationToken = default);

    /// <summary>Replaces the guild's commands with <paramref name="commands"/> (creates, updates and deletes in one call).</summary>
    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(string applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default);

    Task<Message> CreateMessageAsync(string channelId, MessageParams message, CancellationToken cancellationToken = default);

    /// <summary>The channel's latest messages, newest first (<paramref name="limit"/> 1-100).</summary>
    Task<IReadOnlyList<Message>> GetChannelMessagesAsync(string channelId, int limit, CancellationToken cancellationToken = default);

    Task<Message> EditMessageAsync(string channelId, string messageId, MessageParams message, CancellationToken cancellationToken = default);

    /// <summary>Adds the bot's own reaction (<paramref name="emoji"/> is a unicode emoji or <c>name:id</c>).</summary>
    Task CreateReactionAsync(string channelId, string messageId, string emoji, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Channel>> GetGuildChannelsAsync(string guildId, CancellationToken cancellationToken = default);

    Task<Channel> CreateGuildChannelAsync(string guildId, ChannelCreate channel, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Role>> GetGuildRolesAsync(string guildId, CancellationToken cancellationToken = default);

    Task<Role> CreateGuildRoleAsync(string guildId, RoleCreate role, CancellationToken cancellationToken = default);

    Task AddGuildMemberRoleAsync(string guildId, string userId, string roleId, CancellationToken cancellationToken = default);

    Task RemoveGuildMemberRoleAsync(string guildId, string userId, string roleId, CancellationToken cancellationToken = default);

    Task<GuildScheduledEvent> CreateGuildScheduledEventAsync(string guildId, GuildScheduledEventCreate scheduledEvent, CancellationToken cancellationToken = default);

    Task<GuildScheduledEvent> ModifyGuildScheduledEventAsync(string guildId, string eventId, GuildScheduledEventModify change, CancellationToken cancellationToken = default);
}
