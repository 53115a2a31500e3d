using Microsoft.Extensions.Logging;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Where the bot's commands live, in one scope only: Discord shows a command registered both globally and in a guild
/// twice there. Without DISCORD_GUILD_ID they are global; with it (development) they are guild commands, which appear at once.
/// </summary>
public sealed class CommandRegistration(IDiscordRestClient rest, BotOptions options, ILogger<CommandRegistration> logger)
{
    private const string GlobalScope = "(global)";

    /// <summary>On READY: the development guild's commands, or the global ones.</summary>
    public async Task RegisterAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (options.GuildId is { } guild)
        {
            await OverwriteGuildAsync(applicationId, guild, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await OverwriteGlobalAsync(applicationId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// During guild setup: in development the guild gets its own commands; otherwise the global ones READY registered
    /// serve it, and only guild copies an earlier setup left are cleared, so nothing shows twice.
    /// </summary>
    public async Task RegisterForGuildAsync(string applicationId, string guildId, CancellationToken cancellationToken)
    {
        if (options.GuildId is not null)
        {
            await OverwriteGuildAsync(applicationId, guildId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await rest.BulkOverwriteGuildCommandsAsync(applicationId, guildId, [], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OverwriteGuildAsync(string applicationId, string guildId, CancellationToken cancellationToken)
    {
        var registered = await rest.BulkOverwriteGuildCommandsAsync(applicationId, guildId, BotCommands.All, cancellationToken).ConfigureAwait(false);
        BotLog.CommandsRegistered(logger, registered.Count, guildId);
    }

    private async Task OverwriteGlobalAsync(string applicationId, CancellationToken cancellationToken)
    {
        var registered = await rest.BulkOverwriteGlobalCommandsAsync(applicationId, BotCommands.All, cancellationToken).ConfigureAwait(false);
        BotLog.CommandsRegistered(logger, registered.Count, GlobalScope);
    }
}
