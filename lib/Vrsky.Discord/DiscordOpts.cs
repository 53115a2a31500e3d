using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Discord.Gateway;

namespace Vrsky.Discord;

/// <summary>How the gateway and REST clients reach Discord. Immutable; change with <c>with</c>.</summary>
public sealed record DiscordOpts
{
    public static readonly DiscordOpts Default = new();

    /// <summary>The bot token (sent as <c>Authorization: Bot …</c> and in IDENTIFY); never logged.</summary>
    public string Token { get; init; } = "";

    /// <summary>REST base including the version, e.g. <c>https://discord.com/api/v10</c> (or an emulator's).</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://discord.com/api/v10");

    /// <summary>Gateway URL; null asks <c>GET /gateway/bot</c> for it.</summary>
    public Uri? GatewayUrl { get; init; }

    /// <summary>Intents sent in IDENTIFY. Privileged ones (members, presences, message content) only when the application is allowed them.</summary>
    public GatewayIntents Intents { get; init; } = GatewayIntents.Default;

    /// <summary>Longest wait between reconnect attempts (the backoff doubles from one second up to this).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of the random pause before reconnecting after INVALID_SESSION (Discord suggests 1–5 s).</summary>
    public TimeSpan InvalidSessionDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Dispatches received but not yet read through <c>ReadEventsAsync</c>. When full, the gateway stops reading its socket
    /// until the consumer catches up, so a slow consumer holds Discord back instead of growing memory.
    /// </summary>
    public int EventBufferCapacity { get; init; } = 1000;

    /// <summary>Gateway payloads larger than this close the connection (Discord sends at most a few MB).</summary>
    public int MaxGatewayPayloadBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Sends per window (Discord closes the connection at 120 per 60 s); a few are kept back for heartbeats.</summary>
    public int GatewaySendLimit { get; init; } = 120;

    public TimeSpan GatewaySendWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// REST requests per second across all routes (Discord's global limit is 50 for a bot); interaction callbacks and
    /// interaction webhooks do not count, as Discord exempts them.
    /// </summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>Attempts for one REST call across 429s and 5xx answers.</summary>
    public int MaxRestAttempts { get; init; } = 5;

    /// <summary>Longest 429 <c>retry_after</c> the client waits before giving up with an exception.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The generated ToString would print the token; anything that logs or formats the options must not.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Token = {(Token.Length > 0 ? "(set)" : "(empty)")}, ApiBaseUrl = {ApiBaseUrl}, GatewayUrl = {GatewayUrl}, Intents = {Intents}");
        return true;
    }
}
