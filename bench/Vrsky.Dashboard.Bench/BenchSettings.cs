using System.Globalization;

namespace Vrsky.Dashboard.Bench;

internal sealed record BenchSettings(int Loads, int Spans, int ConsoleLines)
{
    /// <summary>Null when help was asked for.</summary>
    public static BenchSettings? Parse(string[] args)
    {
        var settings = new BenchSettings(10, 10_000, 10_000);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            var value = i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--loads" => settings with { Loads = Math.Clamp(value, 1, 1000) },
                "--spans" => settings with { Spans = Math.Clamp(value, 1, 100_000) },
                "--console-lines" => settings with { ConsoleLines = Math.Clamp(value, 1, 10_000) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; --help lists them."),
            };
            i++;
        }

        return settings;
    }
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Nearest rank: with 10 loads, the slowest.</summary>
    public static double P95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1];
    }
}
