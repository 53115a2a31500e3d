using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Dashboard.Tests.Telemetry;

public sealed class TelemetryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static SpanData Span(string resource, string trace, string id, string? parent, int startMs, int endMs, bool error = false) =>
        new(trace, id, parent, $"span-{id}", "Server", resource, resource + "-0", "test", T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs), error, null, [], []);

    [Fact]
    public void AChattyResourceLosesItsOldestSpansButNotTheOtherResources()
    {
        var store = new TelemetryStore(TelemetryLimits.Default with { MaxSpansPerResource = 3 });
        store.AddSpans([Span("quiet", "q1", "a", null, 0, 1)]);
        store.AddSpans(Enumerable.Range(0, 10).Select(i => Span("chatty", $"c{i}", $"s{i}", null, i, i + 1)));

        var traces = store.Traces(null, null, 100);
        Assert.Equal(["c9", "c8", "c7", "q1"], traces.Select(t => t.TraceId));
        Assert.Empty(store.Trace("c0"));
    }

    [Fact]
    public void TraceSummaryNamesTheRootAndCountsResourcesSpansAndErrors()
    {
        var store = new TelemetryStore(TelemetryLimits.Default);
        store.AddSpans([Span("worker", "t", "child", "root", 5, 15, error: true), Span("gateway", "t", "root", null, 0, 20), Span("worker", "t", "grandchild", "child", 6, 7)]);

        var summary = Assert.Single(store.Traces(null, null, 10));
        Assert.Equal("span-root", summary.RootName);
        Assert.Equal(["gateway", "worker"], summary.Resources);
        Assert.Equal(TimeSpan.FromMilliseconds(20), summary.Duration);
        Assert.Equal((3, 1), (summary.SpanCount, summary.ErrorCount));
        Assert.Equal(["root", "child", "grandchild"], store.Trace("t").Select(s => s.SpanId));
    }

    [Fact]
    public void ASpanThatNamesItselfAsParentIsShownOnce()
    {
        var store = new TelemetryStore(TelemetryLimits.Default);
        store.AddSpans([Span("x", "t", "a", "a", 0, 1)]);
        Assert.Single(store.Trace("t"));
    }

    [Fact]
    public void AVeryDeepParentChildChainIsOrderedWithoutOverflowingTheStack()
    {
        const int depth = 20_000;
        var store = new TelemetryStore(TelemetryLimits.Default with { MaxSpansPerResource = depth });
        store.AddSpans(Enumerable.Range(0, depth).Select(i => Span("deep", "t", $"s{i}", i == 0 ? null : $"s{i - 1}", i, depth)));

        // On a small stack, so a walk whose stack use grows with the depth fails here rather than only with deeper
        // chains (a trace may chain spans from up to 100 resources of 10,000 spans each).
        IReadOnlyList<SpanData> ordered = [];
        var walk = new Thread(() => ordered = store.Trace("t"), maxStackSize: 256 * 1024);
        walk.Start();
        Assert.True(walk.Join(TimeSpan.FromMinutes(1)));
        Assert.Equal(depth, ordered.Count);
        Assert.Equal(Enumerable.Range(0, depth).Select(i => $"s{i}"), ordered.Select(s => s.SpanId));
    }

    [Fact]
    public void SiblingsAreOrderedByStartUnderTheirParent()
    {
        var store = new TelemetryStore(TelemetryLimits.Default);
        store.AddSpans([Span("x", "t", "late", "root", 9, 10), Span("x", "t", "root", null, 0, 10), Span("x", "t", "early", "root", 1, 2), Span("x", "t", "early-child", "early", 1, 2)]);
        Assert.Equal(["root", "early", "early-child", "late"], store.Trace("t").Select(s => s.SpanId));
    }

    [Fact]
    public void LogsAreBoundedPerResourceAndFilteredByLevelTextAndTrace()
    {
        var store = new TelemetryStore(TelemetryLimits.Default with { MaxLogsPerResource = 2 });
        LogEntry Log(int second, int severity, string message, string? trace = null) =>
            new(T0.AddSeconds(second), "svc", "svc-0", "cat", severity, message, [], trace, null);
        store.AddLogs([Log(0, 9, "dropped"), Log(1, 9, "hello world"), Log(2, 17, "boom", "t1")]);

        Assert.Equal(["boom", "hello world"], store.Logs(null, 0, null, null, 10).Select(l => l.Message));
        Assert.Equal(["boom"], store.Logs("svc", 17, null, null, 10).Select(l => l.Message));
        Assert.Equal(["hello world"], store.Logs(null, 0, "WORLD", null, 10).Select(l => l.Message));
        Assert.Equal(["boom"], store.Logs(null, 0, null, "t1", 10).Select(l => l.Message));
    }

    [Fact]
    public void DeltaCountersAreKeptCumulativeAndChartedAsARate()
    {
        var store = new TelemetryStore(TelemetryLimits.Default);
        for (var i = 0; i < 4; i++)
        {
            store.AddMetricPoint("svc", "svc-0", "requests", "Requests handled", "{request}", InstrumentKind.Counter, isDelta: true, new MetricPoint(T0.AddSeconds(i * 10 + 5), 50));
        }

        var instrument = Assert.Single(store.Instruments("svc"));
        Assert.Equal([50.0, 100, 150, 200], instrument.PointsByInstance["svc-0"].Select(p => p.Value));
        var steps = MetricWindows.Compute(instrument, T0.AddSeconds(40), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10));
        Assert.Null(steps[0].Values);
        Assert.All(steps.Skip(1), s => Assert.Equal(5.0, s.Values![0]));
    }

    [Fact]
    public void HistogramPercentilesComeFromTheBucketsRecordedInEachStep()
    {
        var store = new TelemetryStore(TelemetryLimits.Default);
        double[] bounds = [0.01, 0.1, 1];
        store.AddMetricPoint("svc", "a", "duration", "", "s", InstrumentKind.Histogram, false, new MetricPoint(T0.AddSeconds(1), 0, bounds, [0, 0, 0, 0]));
        store.AddMetricPoint("svc", "a", "duration", "", "s", InstrumentKind.Histogram, false, new MetricPoint(T0.AddSeconds(11), 100, bounds, [90, 9, 1, 0]));

        var steps = MetricWindows.Compute(Assert.Single(store.Instruments("svc")), T0.AddSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));
        var (p50, p90, p99) = (steps[1].Values![0], steps[1].Values![1], steps[1].Values![2]);
        Assert.InRange(p50, 0, 0.01);
        Assert.InRange(p90, 0.0099, 0.0101);
        Assert.InRange(p99, 0.09, 0.1);
    }

    [Fact]
    public void ResourcesBeyondTheLimitAreIgnored()
    {
        var store = new TelemetryStore(TelemetryLimits.Default with { MaxResources = 1 });
        store.AddSpans([Span("first", "t1", "a", null, 0, 1), Span("second", "t2", "b", null, 0, 1)]);
        Assert.Equal(["first"], store.Resources);
    }
}
