namespace Vrsky.Hosting.Dashboard.Telemetry;

/// <summary>What the pages ask: copies taken under the lock, so rendering never holds it.</summary>
internal sealed partial class TelemetryStore
{
    /// <summary>Newest traces first; <paramref name="resource"/> and <paramref name="text"/> (in any span name) filter.</summary>
    public IReadOnlyList<TraceSummary> Traces(string? resource, string? text, int max)
    {
        List<List<SpanData>> traces;
        lock (_gate)
        {
            traces = [.. _spansByTrace.Values.Select(t => t.ToList())];
        }

        return [.. traces
            .Where(t => resource is null || t.Any(s => s.Resource == resource))
            .Where(t => string.IsNullOrEmpty(text) || t.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Select(Summarize)
            .OrderByDescending(t => t.Start)
            .Take(max)];
    }

    /// <summary>The spans of one trace, ordered for a waterfall (each parent before its children); empty when unknown.</summary>
    public IReadOnlyList<SpanData> Trace(string traceId)
    {
        List<SpanData> spans;
        lock (_gate)
        {
            spans = _spansByTrace.TryGetValue(traceId, out var trace) ? [.. trace] : [];
        }

        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.ToLookup(s => s.ParentSpanId is { } p && p != s.SpanId && ids.Contains(p) ? p : null);
        var ordered = new List<SpanData>(spans.Count);
        var visited = new HashSet<SpanData>();
        // Depth first with a stack of its own: a chain of parents as deep as the store holds must not overflow the
        // thread's stack. Children are pushed in reverse so the earliest is placed first.
        var pending = new Stack<SpanData>(children[null].OrderBy(s => s.Start).Reverse());
        while (pending.TryPop(out var span))
        {
            // A span id sent twice could make a cycle; each span is placed once.
            if (!visited.Add(span))
            {
                continue;
            }

            ordered.Add(span);
            foreach (var child in children[span.SpanId].OrderBy(s => s.Start).Reverse())
            {
                pending.Push(child);
            }
        }

        return ordered;
    }

    /// <summary>Newest first; every filter is optional.</summary>
    public IReadOnlyList<LogEntry> Logs(string? resource, int minSeverity, string? text, string? traceId, int max)
    {
        List<LogEntry> entries;
        lock (_gate)
        {
            entries = [.. _logsByResource.Where(r => resource is null || r.Key == resource).SelectMany(r => r.Value)];
        }

        return [.. entries
            .Where(e => e.SeverityNumber >= minSeverity)
            .Where(e => traceId is null || e.TraceId == traceId)
            .Where(e => string.IsNullOrEmpty(text) || e.Message.Contains(text, StringComparison.OrdinalIgnoreCase) ||
                e.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(e => e.Time)
            .Take(max)];
    }

    public IReadOnlyList<InstrumentSnapshot> Instruments(string resource)
    {
        lock (_gate)
        {
            return _instrumentsByResource.TryGetValue(resource, out var instruments)
                ? [.. instruments.Values.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => i.Snapshot(resource))]
                : [];
        }
    }

    private static TraceSummary Summarize(List<SpanData> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.Start) ?? spans[0];
        var start = spans.Min(s => s.Start);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Resource,
            [.. spans.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal)],
            start,
            spans.Max(s => s.End) - start,
            spans.Count,
            spans.Count(s => s.IsError));
    }
}
