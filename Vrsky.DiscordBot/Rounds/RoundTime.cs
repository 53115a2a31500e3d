using System.Globalization;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>Parses the modal's start time ("2026-06-01 18:30") in the given time zone (IANA name like Europe/Prague, or an offset like +02:00; UTC when empty).</summary>
public static class RoundTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss"];

    public static bool TryParse(string? start, string? timeZone, out DateTimeOffset value, out string error)
    {
        value = default;
        error = "";
        if (!DateTime.TryParseExact(start?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
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

        // Checked before the DateTimeOffset exists: its constructor throws when the time less the offset falls outside
        // years 1..9999, and a handler that throws leaves the user looking at "thinking…".
        var utc = local.Ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks || Math.Abs((new DateTime(utc, DateTimeKind.Utc) - DateTime.UtcNow).TotalDays) > 366)
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
