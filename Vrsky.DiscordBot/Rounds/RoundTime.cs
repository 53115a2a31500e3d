using System.Globalization;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>Parses the modal's start time ("2026-06-01 18:30") in the given time zone (IANA name like Europe/Prague, or an offset like +02:00; UTC when empty).</summary>
public static class RoundTime
{
    /// <summary>The longest start the formats take, and the /createround modal's limit on its start field.</summary>
    public const int MaxInputLength = 16;

    /// <summary>
    /// How far in the past a start may be: Discord refuses a scheduled event that has begun, but a round for the current
    /// minute (the modal takes no seconds) is "now" and starts at once.
    /// </summary>
    public static readonly TimeSpan PastGrace = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-ddTHH:mm"];

    public static bool TryParse(string? start, string? timeZone, DateTimeOffset now, out DateTimeOffset value, out string error)
    {
        value = default;
        error = "";
        var text = start?.Trim() ?? "";
        if (text.Length > MaxInputLength || !DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = "Start time must look like 2026-06-01 18:30.";
            return false;
        }

        var zone = timeZone?.Trim() ?? "";
        TimeSpan offset;
        if (zone.Length == 0 || zone.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            offset = TimeSpan.Zero;
        }
        else if (zone[0] is '+' or '-' && TimeSpan.TryParseExact(zone[1..], ["hh\\:mm", "hhmm", "hh"], CultureInfo.InvariantCulture, out var parsed) && parsed <= TimeSpan.FromHours(14))
        {
            offset = zone[0] == '-' ? -parsed : parsed;
        }
        else if (zone.Length <= 64 && TryFindZone(zone) is { } info)
        {
            offset = info.GetUtcOffset(local);
        }
        else
        {
            error = $"Unknown time zone '{(zone.Length > 64 ? zone[..64] : zone)}': use a name like Europe/Prague or an offset like +02:00.";
            return false;
        }

        // Compared in ticks before any DateTimeOffset exists: its constructor throws when the time less the offset falls
        // outside years 1..9999, and a handler that throws leaves the user looking at "thinking…".
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < now.UtcTicks - PastGrace.Ticks)
        {
            error = $"Start time {local:yyyy-MM-dd HH:mm} ({(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}) is in the past: pick a time from now on.";
            return false;
        }

        if (utcTicks > now.UtcTicks + MaxAhead.Ticks)
        {
            error = "Start time must be within a year from now.";
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static TimeZoneInfo? TryFindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
