using System.Globalization;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.State;

/// <summary>
/// Increasing snowflakes (strings, as Discord sends them) that carry their creation time like Discord's: milliseconds
/// since 2015 in the top bits, so a bot can tell an interaction's age (its token lasts 15 minutes) from its id.
/// </summary>
internal sealed class Snowflakes(TimeProvider time)
{
    private long _last;

    public string Next()
    {
        var fromClock = Snowflake.At(time.GetUtcNow());
        long last, next;
        do
        {
            last = Interlocked.Read(ref _last);
            next = Math.Max(last + 1, fromClock);
        }
        while (Interlocked.CompareExchange(ref _last, next, last) != last);

        return next.ToString(CultureInfo.InvariantCulture);
    }
}
