using System.Globalization;

namespace Vrsky.DiscordEmulator.State;

/// <summary>Increasing snowflake-shaped ids (strings, as Discord sends them).</summary>
internal sealed class Snowflakes
{
    private long _next = 1_200_000_000_000_000_000;

    public string Next() => Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
}
