using Npgsql;
using Vrsky.DiscordBot.Extensions;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Setup;

/// <summary>
/// <c>Vrsky.DiscordBot setup GUILD_ID</c>: guild setup without a Discord client (channels, roles, signup message, and
/// the commands in their one scope: the development guild's, or global — it may run before any gateway has registered
/// them), then stores the configuration in the frolf database. Needs DISCORD_TOKEN, DISCORD_APP_ID and DATABASE_URL
/// (or ConnectionStrings__frolf). Exit code 0 on success, 2 for bad input, 1 when Discord or the database fails.
/// </summary>
public static class SetupCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        if (args is not ["setup", var guildId] || !BotOptions.Snowflake().IsMatch(guildId))
        {
            await Console.Error.WriteLineAsync("usage: Vrsky.DiscordBot setup GUILD_ID   (GUILD_ID: the numeric id of the Discord server)").ConfigureAwait(false);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder([]);
        EnvironmentAliases.Apply(builder.Configuration);
        BotOptions options;
        try
        {
            options = BotOptions.From(builder.Configuration) with { Mode = BotMode.Gateway };
            if (options.DiscordToken is null || options.ApplicationId is null || builder.Configuration.GetConnectionString("frolf") is null)
            {
                throw new BotConfigurationException("setup needs DISCORD_TOKEN, DISCORD_APP_ID and DATABASE_URL (or ConnectionStrings__frolf).");
            }
        }
        catch (BotConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        builder.Services.AddDiscordClients(options);
        await using var app = builder.Build();
        await using var database = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("frolf")!);
        var logger = app.Services.GetRequiredService<ILogger<GuildSetup>>();
        try
        {
            await FrolfDatabase.MigrateAsync(database, logger, cancellationToken).ConfigureAwait(false);
            var config = await app.Services.GetRequiredService<GuildSetup>().RunAsync(options.ApplicationId!, guildId, "frolf", cancellationToken).ConfigureAwait(false);
            await app.Services.GetRequiredService<CommandRegistration>().RegisterAsync(options.ApplicationId!, cancellationToken).ConfigureAwait(false);
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await GuildConfigStore.SaveAsync(connection, null, config, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Guild {guildId} is set up: #{config.Prefix}-events, #{config.Prefix}-leaderboard, #{config.Prefix}-signup; roles Player, Editor, Admin; {BotCommands.All.Count} commands registered.");
            return 0;
        }
        catch (Exception e) when (e is Discord.DiscordException or NpgsqlException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"setup failed: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
