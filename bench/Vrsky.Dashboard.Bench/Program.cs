using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;
using Vrsky.Dashboard.Bench;

// Dashboard page loads in Chromium with 10 resources and 10,000 spans (issue 8, item 8: "pages load in under 1 s"),
// against the same pages before any telemetry arrived, measured in the same run.
var settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.WriteLine("""
        dotnet run -c Release --project bench/Vrsky.Dashboard.Bench -- [--loads 10] [--spans 10000] [--console-lines 10000]
          --loads          measured loads per page and phase (after one unmeasured load)
          --spans          spans exported over OTLP/HTTP before the second phase
          --console-lines  console lines each of the 10 resources prints at start (the console keeps 10,000)
        """);
    return;
}

const string Chromium = "/usr/bin/chromium";
var target = TimeSpan.FromSeconds(1);
Console.WriteLine($"Dashboard page loads: {BenchApp.ResourceNames.Count} resources, {settings.Spans:N0} spans, {settings.Loads} loads per page, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

var otlpApiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
await using var app = await BenchApp.StartAsync(otlpApiKey, settings.ConsoleLines);
var telemetry = TelemetryGenerator.Generate(BenchApp.ResourceNames, settings.Spans, DateTimeOffset.UtcNow);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
// A laptop screen.
var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 820 } });
var login = await context.NewPageAsync();
await login.GotoAsync(app.DashboardLoginUrl!.ToString());
await login.CloseAsync();
var loader = new PageLoader(context, app.DashboardUrl!);

PageSpec[] pages =
[
    new("login (static)", "/login", "input[name=t]", MinRows: 1),
    new("resources", "/", "#resources-body tr[data-resource]", MinRows: BenchApp.ResourceNames.Count),
    new("graph", "/graph", "svg.graph g.node", MinRows: BenchApp.ResourceNames.Count),
    new("console (gateway)", "/console?resource=gateway", "#console .line", MinRows: app.ResourceLogs.GetLines("gateway").Count, Streamed: true),
    new("structured logs", "/structuredlogs", "table.logs > tbody > tr"),
    new("traces", "/traces", "table.traces > tbody > tr"),
    new($"trace detail ({telemetry.LargestTraceSpans} spans)", $"/traces/{telemetry.LargestTraceId}", ".waterfall details.span"),
    new("metrics (gateway)", "/metrics?resource=gateway", "section.card"),
];

Console.WriteLine("phase 1: no telemetry yet");
var empty = new Dictionary<string, IReadOnlyList<LoadSample>>();
foreach (var page in pages)
{
    empty[page.Name] = await loader.MeasureAsync(page, settings.Loads);
}

using (var exporter = new OtlpExporter(app.DashboardUrl!, otlpApiKey))
{
    await exporter.ExportAsync("traces", telemetry.Traces);
    await exporter.ExportAsync("logs", telemetry.Logs);
    await exporter.ExportAsync("metrics", telemetry.Metrics);
    Console.WriteLine($"exported {telemetry.SpanCount:N0} spans in {telemetry.TraceCount:N0} traces, {telemetry.LogCount:N0} log records, " +
        $"{telemetry.Metrics.Count} metric exports: {exporter.BytesSent / 1024.0 / 1024:0.0} MB of protobuf in {exporter.Elapsed.TotalSeconds:0.00} s");
}

await CheckIngestedAsync(app.DashboardUrl!, app.DashboardToken!, telemetry);

Console.WriteLine($"phase 2: {telemetry.SpanCount:N0} spans");
var loaded = new Dictionary<string, IReadOnlyList<LoadSample>>();
foreach (var page in pages)
{
    loaded[page.Name] = await loader.MeasureAsync(page, settings.Loads);
}

Console.WriteLine();
Console.WriteLine($"{"page",-26} {"rows",5} {"nodes",6} {"median",7} {"p95",7} {"server",7} {"html",6} {"client",7} {"KB",7} {"target",7} {"p95/target",10} {"0 spans",8} {"x 0 spans",9}");
foreach (var page in pages)
{
    var s = loaded[page.Name];
    var e = empty[page.Name];
    var median = Stats.Median(s.Select(x => x.RenderedMs));
    var p95 = Stats.P95(s.Select(x => x.RenderedMs));
    var emptyMedian = Stats.Median(e.Select(x => x.RenderedMs));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{page.Name,-26} {s[^1].Rows,5} {s[^1].DomNodes,6} {median,7:0} {p95,7:0} {Stats.Median(s.Select(x => x.ServerMs)),7:0} {Stats.Median(s.Select(x => x.TransferMs)),6:0} " +
        $"{Stats.Median(s.Select(x => x.ClientMs)),7:0} {Stats.Median(s.Select(x => (double)x.Bytes)) / 1024,7:0.0} {target.TotalMilliseconds,7:0} {p95 / target.TotalMilliseconds,10:0.00} {emptyMedian,8:0} {median / emptyMedian,9:0.0}"));
}

Console.WriteLine();
Console.WriteLine("ms from navigation start, in the browser; median and p95 (nearest rank) of the measured loads; server = request to first byte, " +
    "html = the document's transfer, client = from the end of the document to the painted rows; KB = response bodies received until then.");
Console.WriteLine($"load average at the end {LoadAverage()}");

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// The dashboard kept what was sent: the largest trace in full through its JSON API.
static async Task CheckIngestedAsync(Uri dashboard, string token, GeneratedTelemetry telemetry)
{
    using var http = new HttpClient { BaseAddress = dashboard };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var spans = JsonDocument.Parse(await http.GetStringAsync($"/api/traces/{telemetry.LargestTraceId}"));
    if (spans.RootElement.GetArrayLength() != telemetry.LargestTraceSpans)
    {
        throw new InvalidOperationException($"The dashboard holds {spans.RootElement.GetArrayLength()} spans of the largest trace, not {telemetry.LargestTraceSpans}.");
    }
}
