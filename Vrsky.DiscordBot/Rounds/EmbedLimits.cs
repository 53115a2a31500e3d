using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>
/// Discord's embed limits. Past any of them Discord answers 400 and the message is neither created nor edited (a 4xx is
/// final for the response executor), so a long list gives way to a note of how many lines were left out instead.
/// </summary>
public static class EmbedLimits
{
    public const int MaxDescription = 4096;
    public const int MaxFieldValue = 1024;
    public const int MaxFields = 25;
    public const int MaxTotal = 6000;

    /// <summary>What Discord counts towards <see cref="MaxTotal"/>: title, description, field names and values, footer.</summary>
    public static int Length(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0) +
               (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
    }

    /// <summary>All lines if <paramref name="fits"/> accepts them, else as many leading lines as it accepts followed by "… and N more".</summary>
    public static IReadOnlyList<string> Shorten(IReadOnlyList<string> lines, Func<IReadOnlyList<string>, bool> fits)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(fits);
        if (fits(lines))
        {
            return lines;
        }

        // Showing fewer lines never makes the embed longer, so the most that fit are found by halving: each candidate
        // rebuilds and measures the whole embed, and trying every count from the top would do that once per line.
        int fitting = 0, failing = lines.Count;
        while (failing - fitting > 1)
        {
            var shown = fitting + ((failing - fitting) / 2);
            if (fits(Shown(lines, shown)))
            {
                fitting = shown;
            }
            else
            {
                failing = shown;
            }
        }

        return Shown(lines, fitting);
    }

    private static IReadOnlyList<string> Shown(IReadOnlyList<string> lines, int shown) => [.. lines.Take(shown), More(lines.Count - shown)];

    /// <summary>The lines in order, packed into as few field values of at most <see cref="MaxFieldValue"/> characters as they need.</summary>
    public static IReadOnlyList<string> Pack(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in lines.Select(l => l.Length <= MaxFieldValue ? l : l[..(MaxFieldValue - 1)] + "…"))
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > MaxFieldValue)
            {
                values.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(line);
        }

        if (current.Length > 0)
        {
            values.Add(current.ToString());
        }

        return values;
    }

    private static string More(int count) => $"… and {count} more";
}
