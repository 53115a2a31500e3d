using System.Text;
using Microsoft.AspNetCore.Builder;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Metrics;

/// <summary>Every instrument of one resource with its description and unit, charted over the last five minutes.</summary>
internal static class MetricsPage
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    public static void Map(WebApplication app, TelemetryStore store, TimeProvider time) =>
        app.MapGet("/metrics", (string? resource, string? q) =>
        {
            resource = Filters.Resource(resource, store) ?? store.Resources.FirstOrDefault();
            q = Filters.Text(q);
            var instruments = resource is null ? [] : store.Instruments(resource).Where(i => q is null || i.Name.Contains(q, StringComparison.OrdinalIgnoreCase)).ToList();
            return Html.Page("Metrics", "/metrics", $"""
                <form class="filters" method="get">
                {Html.Select("resource", store.Resources.Select(r => (r, r)), resource)}
                <input type="search" name="q" value="{Html.E(q)}" placeholder="Filter instruments" maxlength="{Filters.MaxTextLength}">
                <button>Filter</button>
                <span class="hint">last 5 minutes, 10 s steps; counters as rate per second, histograms as p50/p90/p99, gauges summed over replicas</span>
                </form>
                <div data-live="10000" id="metrics">{Cards(instruments, time.GetUtcNow())}</div>
                """);
        });

    private static string Cards(IReadOnlyList<InstrumentSnapshot> instruments, DateTimeOffset now)
    {
        if (instruments.Count == 0)
        {
            return "<p class=\"hint\">No metrics yet. Services export them over OTLP every second.</p>";
        }

        var html = new StringBuilder("<div class=\"cards\">");
        foreach (var instrument in instruments)
        {
            var steps = MetricWindows.Compute(instrument, now, Window, Step);
            var latest = steps.LastOrDefault(s => s.Values is not null)?.Values;
            var names = MetricWindows.LineNames(instrument.Kind);
            html.Append($"<section class=\"card\" data-instrument=\"{Html.E(instrument.Name)}\"><h3>{Html.E(instrument.Name)}</h3>");
            html.Append($"<p class=\"hint\">{Html.E(instrument.Description)} · {instrument.Kind}{(instrument.Unit.Length > 0 ? $" · unit {Html.E(instrument.Unit)}" : "")} · {instrument.PointsByInstance.Count} replica(s)</p>");
            html.Append("<p class=\"latest\">");
            html.Append(latest is null ? "no data in the window" : string.Join(" · ", names.Select((n, i) => $"{n} <b>{Html.Number(latest[i])}</b>")));
            html.Append("</p>").Append(SvgChart.Render(steps, names.Length)).Append("</section>");
        }

        return html.Append("</div>").ToString();
    }
}
