namespace Vrsky.Hosting.Dashboard.Telemetry;

/// <summary>One chart step: its end time and its values (one per line of the chart), or null where nothing was reported.</summary>
internal sealed record MetricStep(DateTimeOffset End, double[]? Values);

/// <summary>
/// Turns an instrument's cumulative points into what a person reads, per fixed time step over a window: counters as
/// a rate per second, histograms as p50/p90/p99 of the values recorded in the step, gauges and up-down counters as
/// their last value (summed over replicas).
/// </summary>
internal static class MetricWindows
{
    public static readonly string[] HistogramLines = ["p50", "p90", "p99"];

    public static string[] LineNames(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Histogram => HistogramLines,
        InstrumentKind.Counter => ["rate/s"],
        _ => ["value"],
    };

    public static IReadOnlyList<MetricStep> Compute(InstrumentSnapshot instrument, DateTimeOffset now, TimeSpan window, TimeSpan step)
    {
        var count = (int)Math.Ceiling(window / step);
        var start = now - count * step;
        var steps = new List<MetricStep>(count);
        for (var i = 0; i < count; i++)
        {
            var from = start + i * step;
            var to = from + step;
            steps.Add(new MetricStep(to, instrument.Kind switch
            {
                InstrumentKind.Counter => Rate(instrument, from, to, step),
                InstrumentKind.Histogram => Percentiles(instrument, from, to),
                _ => LastValue(instrument, from, to),
            }));
        }

        return steps;
    }

    /// <summary>Increase within the step over its length; a counter that went down was reset (a restarted replica) and counts from zero.</summary>
    private static double[]? Rate(InstrumentSnapshot instrument, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        double? total = null;
        foreach (var points in instrument.PointsByInstance.Values)
        {
            foreach (var (previous, current) in Pairs(points, from, to))
            {
                total = (total ?? 0) + (current.Value >= previous.Value ? current.Value - previous.Value : current.Value);
            }
        }

        return total is { } t ? [t / step.TotalSeconds] : null;
    }

    private static double[]? LastValue(InstrumentSnapshot instrument, DateTimeOffset from, DateTimeOffset to)
    {
        var last = instrument.PointsByInstance.Values
            .Select(points => points.LastOrDefault(p => p.Time > from && p.Time <= to))
            .Where(p => p is not null)
            .ToList();
        return last.Count == 0 ? null : [last.Sum(p => p!.Value)];
    }

    private static double[]? Percentiles(InstrumentSnapshot instrument, DateTimeOffset from, DateTimeOffset to)
    {
        double[]? bounds = null;
        ulong[]? counts = null;
        foreach (var points in instrument.PointsByInstance.Values)
        {
            foreach (var (previous, current) in Pairs(points, from, to))
            {
                if (current.Bounds is not { } b || current.Counts is not { } c)
                {
                    continue;
                }

                bounds ??= [.. b];
                counts ??= new ulong[c.Count];
                if (c.Count != counts.Length)
                {
                    continue;
                }

                var reset = previous.Counts is not { } p || p.Count != c.Count || p.Zip(c).Any(x => x.First > x.Second);
                for (var i = 0; i < c.Count; i++)
                {
                    counts[i] += reset ? c[i] : c[i] - previous.Counts![i];
                }
            }
        }

        if (bounds is null || counts is null || counts.Aggregate(0UL, (a, b) => a + b) == 0)
        {
            return null;
        }

        return [Percentile(bounds, counts, 0.5), Percentile(bounds, counts, 0.9), Percentile(bounds, counts, 0.99)];
    }

    /// <summary>Linear interpolation inside the bucket holding the rank; the open last bucket is reported at its lower bound.</summary>
    public static double Percentile(IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts, double quantile)
    {
        var total = counts.Aggregate(0UL, (a, b) => a + b);
        var rank = quantile * total;
        double seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }

            if (i >= bounds.Count)
            {
                return bounds.Count > 0 ? bounds[^1] : 0;
            }

            var lower = i == 0 ? Math.Min(0, bounds[0]) : bounds[i - 1];
            return lower + (bounds[i] - lower) * ((rank - seen) / counts[i]);
        }

        return bounds.Count > 0 ? bounds[^1] : 0;
    }

    /// <summary>Consecutive points of one replica whose later point falls in (from, to].</summary>
    private static IEnumerable<(MetricPoint Previous, MetricPoint Current)> Pairs(IReadOnlyList<MetricPoint> points, DateTimeOffset from, DateTimeOffset to)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].Time > from && points[i].Time <= to)
            {
                yield return (points[i - 1], points[i]);
            }
        }
    }
}
