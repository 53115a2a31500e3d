using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>Application commands.</summary>
public sealed partial class DiscordRestClient
{
    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var guild = DiscordRoute.Segment(guildId);
        return await SendAsync<List<ApplicationCommand>>(DiscordRoute.Create(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", guild,
            $"/applications/{DiscordRoute.Segment(applicationId)}/guilds/{guild}/commands"), commands, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(string applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var app = DiscordRoute.Segment(applicationId);
        return await SendAsync<List<ApplicationCommand>>(DiscordRoute.Create(HttpMethod.Put, "/applications/{application_id}/commands", app,
            $"/applications/{app}/commands"), commands, cancellationToken).ConfigureAwait(false);
    }
}
