namespace Vrsky.Hosting.Dashboard.Telemetry;

/// <summary>
/// The traces, structured logs and metrics the services exported to the AppHost, in memory and bounded per resource
/// (<see cref="TelemetryLimits"/>). Writers are the OTLP intake; readers are the dashboard pages.
/// </summary>
internal sealed partial class TelemetryStore(TelemetryLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<SpanData>> _spansByResource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SpanData>> _spansByTrace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<LogEntry>> _logsByResource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Instrument>> _instrumentsByResource = new(StringComparer.Ordinal);

    public TelemetryLimits Limits => limits;

    /// <summary>Every resource that sent telemetry, by name.</summary>
    public IReadOnlyList<string> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _spansByResource.Keys.Union(_logsByResource.Keys).Union(_instrumentsByResource.Keys).Order(StringComparer.Ordinal)];
            }
        }
    }

    public void AddSpans(IEnumerable<SpanData> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (!TryGetPerResource(_spansByResource, span.Resource, out var queue))
                {
                    continue;
                }

                queue.Enqueue(span);
                if (!_spansByTrace.TryGetValue(span.TraceId, out var trace))
                {
                    _spansByTrace[span.TraceId] = trace = [];
                }

                trace.Add(span);
                if (queue.Count > limits.MaxSpansPerResource)
                {
                    Forget(queue.Dequeue());
                }
            }
        }
    }

    private void Forget(SpanData span)
    {
        if (_spansByTrace.TryGetValue(span.TraceId, out var trace))
        {
            trace.Remove(span);
            if (trace.Count == 0)
            {
                _spansByTrace.Remove(span.TraceId);
            }
        }
    }

    public void AddLogs(IEnumerable<LogEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (TryGetPerResource(_logsByResource, entry.Resource, out var queue))
                {
                    queue.Enqueue(entry);
                    if (queue.Count > limits.MaxLogsPerResource)
                    {
                        queue.Dequeue();
                    }
                }
            }
        }
    }

    /// <summary>
    /// Records one export of an instrument by one process. <paramref name="isDelta"/> points are added to the last one
    /// so every stored series is cumulative.
    /// </summary>
    public void AddMetricPoint(string resource, string instance, string name, string description, string unit, InstrumentKind kind, bool isDelta, MetricPoint point)
    {
        lock (_gate)
        {
            if (!TryGetPerResource(_instrumentsByResource, resource, out var instruments))
            {
                return;
            }

            if (!instruments.TryGetValue(name, out var instrument))
            {
                if (instruments.Count >= limits.MaxInstrumentsPerResource)
                {
                    return;
                }

                instruments[name] = instrument = new Instrument(name, kind);
            }

            // Descriptions can arrive late (an instrument created before its meter was configured).
            instrument.Description = description.Length > 0 ? description : instrument.Description;
            instrument.Unit = unit.Length > 0 ? unit : instrument.Unit;
            instrument.Add(instance, point, isDelta && kind != InstrumentKind.Gauge, limits);
        }
    }

    /// <summary>Creates a resource's collection on first sight, unless <see cref="TelemetryLimits.MaxResources"/> names are already known.</summary>
    private bool TryGetPerResource<T>(Dictionary<string, T> byResource, string resource, out T value) where T : new()
    {
        if (byResource.TryGetValue(resource, out value!))
        {
            return true;
        }

        if (byResource.Count >= limits.MaxResources)
        {
            return false;
        }

        byResource[resource] = value = new T();
        return true;
    }

    private sealed class Instrument(string name, InstrumentKind kind)
    {
        public string Name { get; } = name;

        public InstrumentKind Kind { get; } = kind;

        public string Description { get; set; } = "";

        public string Unit { get; set; } = "";

        public Dictionary<string, Queue<MetricPoint>> Series { get; } = new(StringComparer.Ordinal);

        public void Add(string instance, MetricPoint point, bool isDelta, TelemetryLimits limits)
        {
            if (!Series.TryGetValue(instance, out var points))
            {
                if (Series.Count >= limits.MaxInstancesPerInstrument)
                {
                    return;
                }

                Series[instance] = points = new Queue<MetricPoint>();
            }

            if (isDelta && points.Count > 0)
            {
                point = Accumulate(points.Last(), point);
            }

            points.Enqueue(point);
            if (points.Count > limits.MaxPointsPerSeries)
            {
                points.Dequeue();
            }
        }

        private static MetricPoint Accumulate(MetricPoint previous, MetricPoint delta) =>
            delta with
            {
                Value = previous.Value + delta.Value,
                Counts = previous.Counts is { } before && delta.Counts is { } now && before.Count == now.Count
                    ? [.. before.Zip(now, (a, b) => a + b)]
                    : delta.Counts,
            };

        public InstrumentSnapshot Snapshot(string resource) => new(
            resource, Name, Description, Unit, Kind,
            Series.ToDictionary(s => s.Key, s => (IReadOnlyList<MetricPoint>)[.. s.Value], StringComparer.Ordinal));
    }
}
