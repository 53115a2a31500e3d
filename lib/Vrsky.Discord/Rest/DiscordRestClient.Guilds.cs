using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>Guild channels, roles, member roles and scheduled events.</summary>
public sealed partial class DiscordRestClient
{
    public async Task<IReadOnlyList<Channel>> GetGuildChannelsAsync(string guildId, CancellationToken cancellationToken = default)
    {
        var guild = DiscordRoute.Segment(guildId);
        return await SendAsync<List<Channel>>(DiscordRoute.Create(HttpMethod.Get, "/guilds/{guild_id}/channels", guild, $"/guilds/{guild}/channels"), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<Channel> CreateGuildChannelAsync(string guildId, ChannelCreate channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var guild = DiscordRoute.Segment(guildId);
        return SendAsync<Channel>(DiscordRoute.Create(HttpMethod.Post, "/guilds/{guild_id}/channels", guild, $"/guilds/{guild}/channels"), channel, cancellationToken);
    }

    public async Task<IReadOnlyList<Role>> GetGuildRolesAsync(string guildId, CancellationToken cancellationToken = default)
    {
        var guild = DiscordRoute.Segment(guildId);
        return await SendAsync<List<Role>>(DiscordRoute.Create(HttpMethod.Get, "/guilds/{guild_id}/roles", guild, $"/guilds/{guild}/roles"), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<Role> CreateGuildRoleAsync(string guildId, RoleCreate role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        var guild = DiscordRoute.Segment(guildId);
        return SendAsync<Role>(DiscordRoute.Create(HttpMethod.Post, "/guilds/{guild_id}/roles", guild, $"/guilds/{guild}/roles"), role, cancellationToken);
    }

    public Task AddGuildMemberRoleAsync(string guildId, string userId, string roleId, CancellationToken cancellationToken = default) =>
        MemberRoleAsync(HttpMethod.Put, guildId, userId, roleId, cancellationToken);

    public Task RemoveGuildMemberRoleAsync(string guildId, string userId, string roleId, CancellationToken cancellationToken = default) =>
        MemberRoleAsync(HttpMethod.Delete, guildId, userId, roleId, cancellationToken);

    private Task MemberRoleAsync(HttpMethod method, string guildId, string userId, string roleId, CancellationToken cancellationToken)
    {
        var guild = DiscordRoute.Segment(guildId);
        return SendAsync(DiscordRoute.Create(method, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", guild,
            $"/guilds/{guild}/members/{DiscordRoute.Segment(userId)}/roles/{DiscordRoute.Segment(roleId)}"), null, cancellationToken);
    }

    public Task<GuildScheduledEvent> CreateGuildScheduledEventAsync(string guildId, GuildScheduledEventCreate scheduledEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduledEvent);
        var guild = DiscordRoute.Segment(guildId);
        return SendAsync<GuildScheduledEvent>(DiscordRoute.Create(HttpMethod.Post, "/guilds/{guild_id}/scheduled-events", guild, $"/guilds/{guild}/scheduled-events"), scheduledEvent, cancellationToken);
    }

    public Task<GuildScheduledEvent> ModifyGuildScheduledEventAsync(string guildId, string eventId, GuildScheduledEventModify change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var guild = DiscordRoute.Segment(guildId);
        return SendAsync<GuildScheduledEvent>(DiscordRoute.Create(HttpMethod.Patch, "/guilds/{guild_id}/scheduled-events/{event_id}", guild,
            $"/guilds/{guild}/scheduled-events/{DiscordRoute.Segment(eventId)}"), change, cancellationToken);
    }
}
