using Google.Protobuf;
using Vrsky.Hosting.Dashboard.Otlp.Proto;

namespace Vrsky.Dashboard.Bench;

/// <summary>What the generator made, for the bench to pick pages and check counts.</summary>
internal sealed record GeneratedTelemetry(
    IReadOnlyList<ExportTraceServiceRequest> Traces,
    IReadOnlyList<ExportLogsServiceRequest> Logs,
    IReadOnlyList<ExportMetricsServiceRequest> Metrics,
    int SpanCount,
    int TraceCount,
    int LogCount,
    string LargestTraceId,
    int LargestTraceSpans);

/// <summary>
/// Deterministic, realistic-looking telemetry for <see cref="BenchApp.ResourceNames"/>: traces of 3 to 25 spans that
/// cross several services (one batch-job trace of 250), with HTTP, messaging and database attributes, events on some
/// spans and a few errors; log records linked to the traces; and per service eight instruments exported every 10 s
/// over the last 5 minutes. Exports are batched per service as an SDK's batch processor does (at most 512 items).
/// </summary>
internal static class TelemetryGenerator
{
    private const int BatchSize = 512;
    private const int LargestTrace = 250;
    private static readonly TimeSpan History = TimeSpan.FromMinutes(5);

    private static readonly Operation[] Operations =
    [
        new("GET /api/chats/{chatId}/messages", Area.Http), new("POST /api/chats/{chatId}/messages", Area.Http),
        new("GET /api/users/me", Area.Http), new("POST /api/token", Area.Http), new("POST /oauth2/token", Area.Http),
        new("chat.messages publish", Area.Messaging), new("chat.messages process", Area.Messaging),
        new("presence.heartbeat process", Area.Messaging), new("token.request process", Area.Messaging),
        new("SELECT messages", Area.Database), new("INSERT messages", Area.Database), new("UPDATE chats", Area.Database),
        new("HGETALL presence", Area.Database), new("rounds.schedule", Area.Internal),
    ];

    private enum Area
    {
        Http,
        Messaging,
        Database,
        Internal,
    }

    private sealed record Operation(string Name, Area Area);

    public static GeneratedTelemetry Generate(IReadOnlyList<string> resources, int spanCount, DateTimeOffset now, int seed = 42)
    {
        var random = new Random(seed);
        var spansByResource = resources.ToDictionary(r => r, _ => new List<Span>());
        var logsByResource = resources.ToDictionary(r => r, _ => new List<LogRecord>());
        var made = 0;
        var traces = 0;
        var largestTraceId = "";
        while (made < spanCount)
        {
            // The large trace comes last, so it is among the newest spans even when a service sends more than the store keeps.
            var isLargest = spanCount - made <= LargestTrace;
            var size = isLargest ? spanCount - made : Math.Min(random.Next(3, 26), spanCount - made - LargestTrace);
            var traceId = RandomBytes(random, 16);
            largestTraceId = isLargest ? Convert.ToHexStringLower(traceId) : largestTraceId;
            var start = now - History + TimeSpan.FromMilliseconds(random.NextDouble() * (History.TotalMilliseconds - 60_000));
            AddTrace(random, resources, traceId, size, start, spansByResource, logsByResource);
            made += size;
            traces++;
        }

        return new GeneratedTelemetry(
            [.. resources.SelectMany(r => spansByResource[r].Chunk(BatchSize).Select(batch => TraceRequest(r, batch)))],
            [.. resources.SelectMany(r => logsByResource[r].Chunk(BatchSize).Select(batch => LogRequest(r, batch)))],
            MetricRequests(random, resources, now),
            made,
            traces,
            logsByResource.Values.Sum(l => l.Count),
            largestTraceId,
            Math.Min(LargestTrace, spanCount));
    }

    /// <summary>A root server span in one service and children spread over 2 to 5 services, each inside its parent's time.</summary>
    private static void AddTrace(Random random, IReadOnlyList<string> resources, byte[] traceId, int size, DateTimeOffset start,
        Dictionary<string, List<Span>> spansByResource, Dictionary<string, List<LogRecord>> logsByResource)
    {
        var involved = resources.OrderBy(_ => random.Next()).Take(random.Next(2, 6)).ToList();
        var placed = new List<(Span Span, string Resource, DateTimeOffset Start, TimeSpan Duration)>();
        for (var i = 0; i < size; i++)
        {
            var parent = i == 0 ? default : placed[random.Next(placed.Count)];
            var resource = i == 0 ? involved[0] : involved[random.Next(involved.Count)];
            var spanStart = i == 0 ? start : parent.Start + parent.Duration * random.NextDouble() * 0.6;
            var duration = i == 0 ? TimeSpan.FromMilliseconds(random.Next(5, 1500)) : parent.Duration * (0.05 + random.NextDouble() * 0.35);
            var operation = Operations[random.Next(Operations.Length)];
            var isError = random.NextDouble() < 0.02;
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom(RandomBytes(random, 8)),
                ParentSpanId = i == 0 ? ByteString.Empty : parent.Span.SpanId,
                Name = operation.Name,
                Kind = KindOf(operation, i == 0),
                StartTimeUnixNano = Nanos(spanStart),
                EndTimeUnixNano = Nanos(spanStart + duration),
                Status = new Status { Code = isError ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset, Message = isError ? "Npgsql.PostgresException: 40001: could not serialize access" : "" },
            };
            span.Attributes.AddRange(AttributesOf(random, operation));
            if (isError || random.NextDouble() < 0.2)
            {
                span.Events.Add(EventOf(random, spanStart + duration * 0.5, isError));
            }

            spansByResource[resource].Add(span);
            placed.Add((span, resource, spanStart, duration));
            if (i % 3 == 0)
            {
                logsByResource[resource].Add(LogOf(random, span, operation, spanStart + duration * 0.2, isError));
            }
        }
    }

    private static Span.Types.SpanKind KindOf(Operation operation, bool isRoot) => operation.Area switch
    {
        Area.Http => isRoot ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
        Area.Messaging => operation.Name.EndsWith("publish", StringComparison.Ordinal) ? Span.Types.SpanKind.Producer : Span.Types.SpanKind.Consumer,
        Area.Database => Span.Types.SpanKind.Client,
        _ => Span.Types.SpanKind.Internal,
    };

    private static IEnumerable<KeyValue> AttributesOf(Random random, Operation operation)
    {
        yield return Attribute("thread.id", random.Next(1, 40));
        yield return Attribute("vrsky.tenant", $"tenant-{random.Next(1, 20):00}");
        yield return Attribute("enduser.id", new Guid(RandomBytes(random, 16)).ToString());
        var (verb, target) = (operation.Name.Split(' ')[0], operation.Name.Split(' ')[^1]);
        switch (operation.Area)
        {
            case Area.Http:
                yield return Attribute("http.request.method", verb);
                yield return Attribute("http.route", target);
                yield return Attribute("url.path", target.Replace("{chatId}", random.Next(1, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                yield return Attribute("http.response.status_code", random.NextDouble() < 0.95 ? 200 : 503);
                yield return Attribute("server.address", "127.0.0.1");
                yield return Attribute("server.port", random.Next(30000, 60000));
                yield return Attribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0");
                break;
            case Area.Messaging:
                yield return Attribute("messaging.system", verb.StartsWith("chat", StringComparison.Ordinal) ? "rabbitmq" : "nats");
                yield return Attribute("messaging.destination.name", verb);
                yield return Attribute("messaging.operation.type", target);
                yield return Attribute("messaging.message.id", Convert.ToHexStringLower(RandomBytes(random, 16)));
                yield return Attribute("messaging.message.body.size", random.Next(80, 4000));
                break;
            case Area.Database when verb == "HGETALL":
                yield return Attribute("db.system", "redis");
                yield return Attribute("db.query.text", $"HGETALL presence:{random.Next(1, 5000)}");
                break;
            case Area.Database:
                yield return Attribute("db.system", "postgresql");
                yield return Attribute("db.namespace", "chat");
                yield return Attribute("db.query.text", verb switch
                {
                    "SELECT" => "SELECT id, chat_id, sender_id, body, created_at FROM messages WHERE chat_id = $1 ORDER BY created_at DESC LIMIT 50",
                    "INSERT" => "INSERT INTO messages (id, chat_id, sender_id, body, created_at) VALUES ($1, $2, $3, $4, now())",
                    _ => "UPDATE chats SET last_message_at = now(), message_count = message_count + 1 WHERE id = $1",
                });
                yield return Attribute("db.response.returned_rows", random.Next(0, 50));
                break;
        }
    }

    private static Span.Types.Event EventOf(Random random, DateTimeOffset time, bool isError)
    {
        var e = new Span.Types.Event { Name = isError ? "exception" : "message received", TimeUnixNano = Nanos(time) };
        if (isError)
        {
            e.Attributes.Add(Attribute("exception.type", "Npgsql.PostgresException"));
            e.Attributes.Add(Attribute("exception.message", "40001: could not serialize access due to concurrent update"));
            e.Attributes.Add(Attribute("exception.stacktrace", string.Join('\n', Enumerable.Range(0, 12).Select(i => $"   at Vrsky.ChatService.Messages.Step{i}(ChatMessage message) in /src/Vrsky.ChatService/Messages/ChatMessageConsumer.cs:line {100 + i}"))));
        }
        else
        {
            e.Attributes.Add(Attribute("message.id", random.Next()));
            e.Attributes.Add(Attribute("message.uncompressed_size", random.Next(80, 4000)));
        }

        return e;
    }

    private static LogRecord LogOf(Random random, Span span, Operation operation, DateTimeOffset time, bool isError)
    {
        var elapsed = random.Next(1, 900);
        var record = new LogRecord
        {
            TimeUnixNano = Nanos(time),
            ObservedTimeUnixNano = Nanos(time),
            // OTLP severity numbers: 9 information, 13 warning, 17 error.
            SeverityNumber = isError ? 17 : random.NextDouble() < 0.1 ? 13 : 9,
            Body = new AnyValue { StringValue = isError ? $"{operation.Name} failed after {elapsed} ms" : $"{operation.Name} handled in {elapsed} ms" },
            TraceId = span.TraceId,
            SpanId = span.SpanId,
        };
        record.Attributes.Add(Attribute("{OriginalFormat}", isError ? "{Operation} failed after {Elapsed} ms" : "{Operation} handled in {Elapsed} ms"));
        record.Attributes.Add(Attribute("Operation", operation.Name));
        record.Attributes.Add(Attribute("Elapsed", elapsed));
        return record;
    }

    /// <summary>Counters and histograms cumulative (as the .NET SDK exports them by default), one export per service every 10 s.</summary>
    private static List<ExportMetricsServiceRequest> MetricRequests(Random random, IReadOnlyList<string> resources, DateTimeOffset now)
    {
        var requests = new List<ExportMetricsServiceRequest>();
        double[] bounds = [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
        foreach (var resource in resources)
        {
            var requestsTotal = 0L;
            var cpu = 0.0;
            var gcs = 0L;
            var buckets = new ulong[bounds.Length + 1];
            for (var t = now - History; t <= now; t += TimeSpan.FromSeconds(10))
            {
                var served = random.Next(50, 400);
                requestsTotal += served;
                cpu += random.NextDouble() * 2;
                gcs += random.Next(0, 3);
                for (var i = 0; i < served; i++)
                {
                    buckets[Math.Min(random.Next(2, 9) + (random.NextDouble() < 0.02 ? 4 : 0), buckets.Length - 1)]++;
                }

                var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore.Hosting" } };
                scope.Metrics.Add(Histogram("http.server.request.duration", "Duration of HTTP server requests.", "s", t, bounds, buckets));
                scope.Metrics.Add(Sum("http.server.requests", "Requests served.", "{request}", t, requestsTotal, monotonic: true));
                scope.Metrics.Add(Sum("http.server.active_requests", "Number of active HTTP server requests.", "{request}", t, random.Next(0, 30), monotonic: false));
                scope.Metrics.Add(Sum("process.cpu.time", "CPU time used by the process.", "s", t, cpu, monotonic: true));
                scope.Metrics.Add(Sum("dotnet.gc.collections", "The number of garbage collections.", "{collection}", t, gcs, monotonic: true));
                scope.Metrics.Add(Gauge("dotnet.gc.last_collection.heap.size", "The managed heap size after the last GC.", "By", t, random.Next(40_000_000, 90_000_000)));
                scope.Metrics.Add(Gauge("dotnet.thread_pool.thread.count", "Thread pool threads.", "{thread}", t, random.Next(4, 12)));
                scope.Metrics.Add(Sum("vrsky.messages.processed", "Messages this service processed.", "{message}", t, requestsTotal * 3, monotonic: true));
                var request = new ExportMetricsServiceRequest();
                request.ResourceMetrics.Add(new ResourceMetrics { Resource = ResourceOf(resource), ScopeMetrics = { scope } });
                requests.Add(request);
            }
        }

        // Exporters of different services interleave in time; every service's own points stay in order.
        return [.. requests.Select((r, i) => (r, i)).OrderBy(x => x.i % 31).ThenBy(x => x.i).Select(x => x.r)];
    }

    private static Metric Histogram(string name, string description, string unit, DateTimeOffset time, double[] bounds, ulong[] counts)
    {
        var point = new HistogramDataPoint { TimeUnixNano = Nanos(time), Count = (ulong)counts.Sum(c => (long)c) };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        return new Metric { Name = name, Description = description, Unit = unit, Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { point } } };
    }

    private static Metric Sum(string name, string description, string unit, DateTimeOffset time, double value, bool monotonic) => new()
    {
        Name = name, Description = description, Unit = unit,
        Sum = new Sum { IsMonotonic = monotonic, AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { new NumberDataPoint { TimeUnixNano = Nanos(time), AsDouble = value } } },
    };

    private static Metric Gauge(string name, string description, string unit, DateTimeOffset time, double value) => new()
    {
        Name = name, Description = description, Unit = unit,
        Gauge = new Gauge { DataPoints = { new NumberDataPoint { TimeUnixNano = Nanos(time), AsDouble = value } } },
    };

    private static ExportTraceServiceRequest TraceRequest(string resource, Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Vrsky.Bench" } };
        scope.Spans.AddRange(spans);
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = ResourceOf(resource), ScopeSpans = { scope } } } };
    }

    private static ExportLogsServiceRequest LogRequest(string resource, LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = $"Vrsky.{resource}.Worker" } };
        scope.LogRecords.AddRange(records);
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = ResourceOf(resource), ScopeLogs = { scope } } } };
    }

    private static Resource ResourceOf(string name) => new()
    {
        Attributes = { Attribute("service.name", name), Attribute("service.instance.id", $"{name}-0"), Attribute("telemetry.sdk.language", "dotnet") },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
