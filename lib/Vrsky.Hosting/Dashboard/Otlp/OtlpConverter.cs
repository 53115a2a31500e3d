using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Vrsky.Hosting.Dashboard.Otlp.Proto;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Otlp;

/// <summary>Turns decoded OTLP export requests into the dashboard's records, bounding every attribute list and value.</summary>
internal sealed class OtlpConverter(TelemetryLimits limits)
{
    private const string UnknownService = "unknown_service";

    // W3C trace context sizes; pages and filters rely on ids of exactly this length.
    private const int TraceIdBytes = 16;
    private const int SpanIdBytes = 8;

    public IEnumerable<SpanData> Spans(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (resource, instance) = Identify(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = Bound(scopeSpans.Scope?.Name ?? "");
                foreach (var span in scopeSpans.Spans)
                {
                    // A span without a valid trace and span id cannot be placed in any trace.
                    if (Id(span.TraceId, TraceIdBytes) is not { } traceId || Id(span.SpanId, SpanIdBytes) is not { } spanId)
                    {
                        continue;
                    }

                    yield return new SpanData(
                        traceId,
                        spanId,
                        Id(span.ParentSpanId, SpanIdBytes),
                        Bound(span.Name),
                        KindName(span.Kind),
                        resource,
                        instance,
                        scope,
                        Time(span.StartTimeUnixNano),
                        Time(Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano)),
                        span.Status?.Code == Status.Types.StatusCode.Error,
                        string.IsNullOrEmpty(span.Status?.Message) ? null : Bound(span.Status.Message),
                        Attributes(span.Attributes),
                        [.. span.Events.Take(limits.MaxEventsPerSpan).Select(e => new SpanEvent(Time(e.TimeUnixNano), Bound(e.Name), Attributes(e.Attributes)))]);
                }
            }
        }
    }

    public IEnumerable<LogEntry> Logs(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (resource, instance) = Identify(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var category = scopeLogs.Scope?.Name ?? "";
                foreach (var record in scopeLogs.LogRecords)
                {
                    yield return new LogEntry(
                        Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        resource,
                        instance,
                        Bound(category),
                        record.SeverityNumber,
                        record.Body is null ? "" : Bound(Text(record.Body)),
                        Attributes(record.Attributes),
                        Id(record.TraceId, TraceIdBytes),
                        Id(record.SpanId, SpanIdBytes));
                }
            }
        }
    }

    public void Metrics(ExportMetricsServiceRequest request, TelemetryStore store)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (resource, instance) = Identify(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                if (ToPoint(metric) is not var (kind, isDelta, point))
                {
                    continue;
                }

                store.AddMetricPoint(resource, instance, Bound(metric.Name), Bound(metric.Description), Bound(metric.Unit), kind, isDelta, point);
            }
        }
    }

    /// <summary>One point per export, summed over the attribute sets (the dashboard charts an instrument as a whole).</summary>
    private static (InstrumentKind Kind, bool IsDelta, MetricPoint Point)? ToPoint(Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge when metric.Gauge.DataPoints.Count > 0:
                return (InstrumentKind.Gauge, false, new MetricPoint(Time(metric.Gauge.DataPoints.Max(p => p.TimeUnixNano)), metric.Gauge.DataPoints.Sum(Number)));
            case Metric.DataOneofCase.Sum when metric.Sum.DataPoints.Count > 0:
                return (
                    metric.Sum.IsMonotonic ? InstrumentKind.Counter : InstrumentKind.UpDownCounter,
                    metric.Sum.AggregationTemporality == AggregationTemporality.Delta,
                    new MetricPoint(Time(metric.Sum.DataPoints.Max(p => p.TimeUnixNano)), metric.Sum.DataPoints.Sum(Number)));
            case Metric.DataOneofCase.Histogram when metric.Histogram.DataPoints.Count > 0:
                var points = metric.Histogram.DataPoints;
                var bounds = points[0].ExplicitBounds;
                var counts = new ulong[bounds.Count + 1];
                foreach (var point in points.Where(p => p.BucketCounts.Count == counts.Length && p.ExplicitBounds.SequenceEqual(bounds)))
                {
                    for (var i = 0; i < counts.Length; i++)
                    {
                        counts[i] += point.BucketCounts[i];
                    }
                }

                return (
                    InstrumentKind.Histogram,
                    metric.Histogram.AggregationTemporality == AggregationTemporality.Delta,
                    new MetricPoint(Time(points.Max(p => p.TimeUnixNano)), points.Sum(p => (double)p.Count), [.. bounds], counts));
            default:
                return null;
        }
    }

    private static double Number(NumberDataPoint point) =>
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    /// <summary>The resource is the service name the AppHost gave the project; the instance tells its replicas apart.</summary>
    private (string Resource, string Instance) Identify(Proto.Resource? resource)
    {
        string? name = null, instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            if (attribute.Key == "service.name")
            {
                name = Bound(Text(attribute.Value));
            }
            else if (attribute.Key == "service.instance.id")
            {
                instance = Bound(Text(attribute.Value));
            }
        }

        name = string.IsNullOrEmpty(name) ? UnknownService : name;
        return (name, instance ?? name);
    }

    private List<TelemetryAttribute> Attributes(RepeatedField<KeyValue> attributes) =>
        [.. attributes.Take(limits.MaxAttributesPerItem).Select(a => new TelemetryAttribute(Bound(a.Key), Bound(a.Value is null ? "" : Text(a.Value))))];

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {(kv.Value is null ? "" : Text(kv.Value))}")) + "}",
        _ => "",
    };

    private string Bound(string text) => text.Length <= limits.MaxValueLength ? text : text[..limits.MaxValueLength] + "…";

    /// <summary>Lowercase hex of an id of the W3C size; null (absent) for any other length.</summary>
    private static string? Id(ByteString bytes, int length) => bytes.Length == length ? Convert.ToHexStringLower(bytes.Span) : null;

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    /// <summary>Nanoseconds since the epoch; a value beyond what DateTimeOffset holds is clamped rather than thrown on.</summary>
    private static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(unixNanos / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));
}
