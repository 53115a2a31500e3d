using System.Diagnostics;

namespace Vrsky.DiscordEmulator.Gateway;

/// <summary>Something a gateway client did (connect, identify, resume) or was sent (op 9), at a <see cref="Stopwatch"/> timestamp.</summary>
public sealed record GatewayLogEntry(string What, long Timestamp)
{
    public const string Connect = "connect";
    public const string Identify = "identify";
    public const string Resume = "resume";
    public const string InvalidSession = "invalid_session";
    public const string InvalidSessionResumable = "invalid_session_resumable";

    /// <summary>Time from <paramref name="earlier"/> to this entry.</summary>
    public TimeSpan Since(GatewayLogEntry earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp);
}
