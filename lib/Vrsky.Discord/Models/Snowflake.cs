using System.Globalization;

namespace Vrsky.Discord.Models;

/// <summary>
/// The time inside a Discord snowflake: its top 42 bits are milliseconds since Discord's epoch (the start of 2015); the
/// low 22 bits (worker, process, increment) tell ids of the same millisecond apart.
/// </summary>
public static class Snowflake
{
    private const long DiscordEpochMilliseconds = 1_420_070_400_000;
    private const int TimeShift = 22;

    /// <summary>When the snowflake <paramref name="id"/> was made, or null when it is not a snowflake.</summary>
    public static DateTimeOffset? CreatedAt(string id) =>
        ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var snowflake)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(snowflake >> TimeShift) + DiscordEpochMilliseconds)
            : null;

    /// <summary>The lowest snowflake made at <paramref name="time"/> (low bits zero); a later time gives a higher one.</summary>
    public static long At(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() - DiscordEpochMilliseconds) << TimeShift;
}
