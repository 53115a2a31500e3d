namespace Vrsky.Hosting.Dashboard.Telemetry;

/// <summary>One attribute, its value rendered as text (OTLP values are typed; the dashboard only displays them).</summary>
internal readonly record struct TelemetryAttribute(string Key, string Value);

/// <summary>One finished span as a service exported it.</summary>
internal sealed record SpanData(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Resource,
    string Instance,
    string Scope,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool IsError,
    string? StatusMessage,
    IReadOnlyList<TelemetryAttribute> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public TimeSpan Duration => End - Start;
}

internal sealed record SpanEvent(DateTimeOffset Time, string Name, IReadOnlyList<TelemetryAttribute> Attributes);

/// <summary>One structured log record; <see cref="Message"/> is the formatted message, the template is among the attributes.</summary>
internal sealed record LogEntry(
    DateTimeOffset Time,
    string Resource,
    string Instance,
    string Category,
    int SeverityNumber,
    string Message,
    IReadOnlyList<TelemetryAttribute> Attributes,
    string? TraceId,
    string? SpanId)
{
    /// <summary>The level name of an OTLP severity number (1–4 trace … 21–24 fatal).</summary>
    public string Level => LevelOf(SeverityNumber);

    public static string LevelOf(int severityNumber) => severityNumber switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };
}

/// <summary>What a trace looks like in the list: its root span, the resources it touched, how long it took.</summary>
internal sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootResource,
    IReadOnlyList<string> Resources,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    int ErrorCount);

internal enum InstrumentKind
{
    Counter,
    UpDownCounter,
    Gauge,
    Histogram,
}

/// <summary>
/// One export of an instrument by one process, summed over its attribute sets. Counters and histograms are kept
/// cumulative (delta exports are added up on arrival), so a rate is the difference of two points.
/// </summary>
internal sealed record MetricPoint(DateTimeOffset Time, double Value, IReadOnlyList<double>? Bounds = null, IReadOnlyList<ulong>? Counts = null);

/// <summary>A copy of one instrument's recent points, per process (replica) that reported it.</summary>
internal sealed record InstrumentSnapshot(
    string Resource,
    string Name,
    string Description,
    string Unit,
    InstrumentKind Kind,
    IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> PointsByInstance);
