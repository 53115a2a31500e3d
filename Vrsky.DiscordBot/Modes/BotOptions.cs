using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Vrsky.DiscordBot.Modes;

/// <summary>The bot's settings, read from the seed's environment variables (see README "Discord bot").</summary>
public sealed partial record BotOptions
{
    public BotMode Mode { get; init; } = BotMode.Standalone;

    /// <summary>ENVIRONMENT: part of every stream, subject and consumer name.</summary>
    public string Environment { get; init; } = "development";

    /// <summary>DISCORD_TOKEN; required in gateway and standalone mode. Never logged.</summary>
    public string? DiscordToken { get; init; }

    /// <summary>DISCORD_APP_ID; otherwise learned from READY.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>DISCORD_GUILD_ID: development guild; commands are registered only there.</summary>
    public string? GuildId { get; init; }

    /// <summary>DISCORD_API_URL / DISCORD_GATEWAY_URL: a local emulator instead of discord.com.</summary>
    public Uri? ApiBaseUrl { get; init; }

    public Uri? GatewayUrl { get; init; }

    /// <summary>BOT_ACK_WAIT: how long JetStream waits for a worker's ack before redelivering (a killed worker's messages come back after this).</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>BOT_MAX_DELIVER: deliveries before a message goes to the dead-letter subject.</summary>
    public int MaxDeliver { get; init; } = 5;

    /// <summary>BOT_SCHEDULER_INTERVAL: how often a worker looks for rounds whose start time has come.</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The generated ToString would print DISCORD_TOKEN; anything that logs or formats the options must not.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Mode = {Mode}, Environment = {Environment}, DiscordToken = {(DiscordToken is null ? "(unset)" : "(set)")}, ApplicationId = {ApplicationId}, ")
            .Append($"GuildId = {GuildId}, ApiBaseUrl = {ApiBaseUrl}, GatewayUrl = {GatewayUrl}, AckWait = {AckWait}, MaxDeliver = {MaxDeliver}, SchedulerInterval = {SchedulerInterval}");
        return true;
    }

    public bool RunsGateway => Mode is BotMode.Standalone or BotMode.Gateway;

    public bool RunsWorker => Mode is BotMode.Standalone or BotMode.Worker;

    public static BotOptions From(IConfiguration configuration)
    {
        string? Get(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;

        var modeText = Get("BOT_MODE") ?? "standalone";
        if (!Enum.TryParse<BotMode>(modeText, ignoreCase: true, out var mode) || int.TryParse(modeText, out _))
        {
            throw new BotConfigurationException($"BOT_MODE '{modeText}' is not one of standalone, gateway, worker.");
        }

        var environment = Get("ENVIRONMENT") ?? "development";
        if (!EnvironmentName().IsMatch(environment))
        {
            throw new BotConfigurationException($"ENVIRONMENT '{environment}' must be 1-32 letters, digits, '-' or '_' (it becomes part of NATS subjects and stream names).");
        }

        var options = new BotOptions
        {
            Mode = mode,
            Environment = environment,
            DiscordToken = Get("DISCORD_TOKEN"),
            ApplicationId = Get("DISCORD_APP_ID"),
            GuildId = Get("DISCORD_GUILD_ID"),
            ApiBaseUrl = Url(Get("DISCORD_API_URL"), "DISCORD_API_URL"),
            GatewayUrl = Url(Get("DISCORD_GATEWAY_URL"), "DISCORD_GATEWAY_URL"),
            AckWait = Seconds(Get("BOT_ACK_WAIT"), "BOT_ACK_WAIT", TimeSpan.FromSeconds(10)),
            MaxDeliver = Get("BOT_MAX_DELIVER") is { } max ? (int.TryParse(max, out var m) && m is >= 1 and <= 100 ? m : throw new BotConfigurationException("BOT_MAX_DELIVER must be 1-100.")) : 5,
            SchedulerInterval = Seconds(Get("BOT_SCHEDULER_INTERVAL"), "BOT_SCHEDULER_INTERVAL", TimeSpan.FromSeconds(5)),
        };
        if (options.RunsGateway && options.DiscordToken is null)
        {
            throw new BotConfigurationException($"DISCORD_TOKEN is required in {mode.ToString().ToLowerInvariant()} mode.");
        }

        if (options.GuildId is { } guild && !Snowflake().IsMatch(guild))
        {
            throw new BotConfigurationException("DISCORD_GUILD_ID must be a numeric Discord id.");
        }

        return options;
    }

    private static Uri? Url(string? value, string name) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri
        : throw new BotConfigurationException($"{name} '{value}' is not an absolute URL.");

    private static TimeSpan Seconds(string? value, string name, TimeSpan fallback) =>
        value is null ? fallback
        : double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 3600 ? TimeSpan.FromSeconds(s)
        : throw new BotConfigurationException($"{name} must be a number of seconds between 0 and 3600.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9]{1,20}$")]
    internal static partial Regex Snowflake();
}

/// <summary>A setting is missing or invalid; the message names it.</summary>
public sealed class BotConfigurationException(string message) : Exception(message);
