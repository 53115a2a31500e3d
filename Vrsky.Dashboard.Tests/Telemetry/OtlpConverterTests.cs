using Google.Protobuf;
using Vrsky.Hosting.Dashboard.Otlp;
using Vrsky.Hosting.Dashboard.Otlp.Proto;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Dashboard.Tests.Telemetry;

/// <summary>What a service (or anyone holding the API key) sends is bounded and checked before the pages render it.</summary>
public sealed class OtlpConverterTests
{
    private static readonly TelemetryLimits Limits = TelemetryLimits.Default with { MaxValueLength = 100 };
    private static readonly OtlpConverter Converter = new(Limits);

    private static ByteString Bytes(int count) => ByteString.CopyFrom([.. Enumerable.Range(1, count).Select(i => (byte)i)]);

    internal static ExportLogsServiceRequest LogRequest(string service, string body, ByteString traceId, ByteString spanId) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "test" },
                        LogRecords = { new LogRecord { SeverityNumber = 9, Body = new AnyValue { StringValue = body }, TraceId = traceId, SpanId = spanId } },
                    },
                },
            },
        },
    };

    private static ExportTraceServiceRequest SpanRequest(string scope, params Span[] spans) => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "svc" } } } },
                ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = scope }, Spans = { spans } } },
            },
        },
    };

    [Fact]
    public void LogBodyAndSpanScopeAreCappedLikeEveryOtherValue()
    {
        var log = Assert.Single(Converter.Logs(LogRequest("svc", new string('b', 10_000), ByteString.Empty, ByteString.Empty)));
        Assert.Equal(Limits.MaxValueLength + 1, log.Message.Length);
        Assert.EndsWith("…", log.Message, StringComparison.Ordinal);

        var span = Assert.Single(Converter.Spans(SpanRequest(new string('s', 10_000), new Span { TraceId = Bytes(16), SpanId = Bytes(8), Name = "op" })));
        Assert.Equal(Limits.MaxValueLength + 1, span.Scope.Length);
    }

    [Fact]
    public void LogTraceAndSpanIdsOfTheWrongLengthAreTreatedAsAbsent()
    {
        var valid = Assert.Single(Converter.Logs(LogRequest("svc", "ok", Bytes(16), Bytes(8))));
        Assert.Equal((32, 16), (valid.TraceId!.Length, valid.SpanId!.Length));

        foreach (var length in new[] { 1, 3, 8, 15, 17 })
        {
            var badTrace = Assert.Single(Converter.Logs(LogRequest("svc", "bad trace id", Bytes(length), Bytes(8))));
            Assert.Null(badTrace.TraceId);
            Assert.NotNull(badTrace.SpanId);
            var badSpan = Assert.Single(Converter.Logs(LogRequest("svc", "bad span id", Bytes(16), Bytes(length == 8 ? 16 : length))));
            Assert.NotNull(badSpan.TraceId);
            Assert.Null(badSpan.SpanId);
        }
    }

    [Fact]
    public void SpansWithoutAValidTraceOrSpanIdAreDroppedAndABadParentMakesARoot()
    {
        var spans = Converter.Spans(SpanRequest(
            "scope",
            new Span { TraceId = Bytes(3), SpanId = Bytes(8), Name = "short trace id" },
            new Span { TraceId = Bytes(16), SpanId = Bytes(4), Name = "short span id" },
            new Span { TraceId = Bytes(16), SpanId = Bytes(8), ParentSpanId = Bytes(2), Name = "short parent id" })).ToList();

        var span = Assert.Single(spans);
        Assert.Equal("short parent id", span.Name);
        Assert.Null(span.ParentSpanId);
    }
}
