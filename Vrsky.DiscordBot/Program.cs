using Vrsky.DiscordBot;
using Vrsky.DiscordBot.Extensions;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;

if (args is ["setup", ..])
{
    return await SetupCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
BotOptions options;
try
{
    options = builder.AddDiscordBotServices();
}
catch (BotConfigurationException e)
{
    await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
    return FatalExit.ConfigurationExitCode;
}

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReadyEndpoint();
BotLog.Starting(app.Logger, options.Mode.ToString().ToLowerInvariant(), options.Environment);
await app.RunAsync();
return Environment.ExitCode;
