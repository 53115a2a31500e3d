using Vrsky.DiscordEmulator;

// Run as an AppHost resource: the port from PORT or ASPNETCORE_URLS (which the AppHost sets), EMULATOR_TOKEN,
// EMULATOR_APP_ID, EMULATOR_OWNER_ID and EMULATOR_GUILD_IDS (comma-separated) from the environment.
var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS")?.Split(';')[0];
var options = new EmulatorOptions
{
    Port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var port) ? port
        : Uri.TryCreate(urls, UriKind.Absolute, out var url) ? url.Port : 0,
    Token = Environment.GetEnvironmentVariable("EMULATOR_TOKEN") is { Length: > 0 } token ? token : new EmulatorOptions().Token,
    ApplicationId = Environment.GetEnvironmentVariable("EMULATOR_APP_ID") is { Length: > 0 } app ? app : new EmulatorOptions().ApplicationId,
    OwnerId = Environment.GetEnvironmentVariable("EMULATOR_OWNER_ID") is { Length: > 0 } owner ? owner : new EmulatorOptions().OwnerId,
    GuildIds = Environment.GetEnvironmentVariable("EMULATOR_GUILD_IDS") is { Length: > 0 } guilds
        ? guilds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : new EmulatorOptions().GuildIds,
};
await using var emulator = await DiscordEmulator.StartAsync(options, args);
Console.WriteLine($"Discord emulator listening on {emulator.BaseUrl} (REST {emulator.ApiBaseUrl}, gateway {emulator.GatewayUrl})");
await emulator.WaitForShutdownAsync();
