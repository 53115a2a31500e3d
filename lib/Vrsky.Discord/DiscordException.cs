using System.Net;

namespace Vrsky.Discord;

/// <summary>Base of every Vrsky.Discord failure.</summary>
public class DiscordException : Exception
{
    public DiscordException(string message) : base(message) { }

    public DiscordException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>Discord answered a REST call with an error (after retries where those apply).</summary>
public sealed class DiscordRestException(HttpStatusCode status, int? code, string message, string route)
    : DiscordException($"Discord {route} failed with {(int)status}{(code is null ? "" : $" (code {code})")}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Discord's JSON error code (e.g. 10008 unknown message), when the body had one.</summary>
    public int? Code { get; } = code;

    public string Route { get; } = route;
}

/// <summary>The gateway closed with a code that reconnecting cannot fix (bad token, invalid or disallowed intents, …).</summary>
public sealed class DiscordGatewayException(int closeCode, string message) : DiscordException(message)
{
    public int CloseCode { get; } = closeCode;
}
