using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Traces;

/// <summary>
/// The trace list (root span, resources touched, duration, span and error counts) and each trace's waterfall, and
/// the same as JSON for scripts (<c>/api/traces</c>, <c>/api/traces/{traceId}</c>).
/// </summary>
internal static class TracesPage
{
    private const int MaxRows = 300;

    public static void Map(WebApplication app, TelemetryStore store)
    {
        app.MapGet("/traces", (string? resource, string? q) =>
        {
            resource = Filters.Resource(resource, store);
            q = Filters.Text(q);
            return Html.Page("Traces", "/traces", $"""
                <form class="filters" method="get">
                {Html.Select("resource", Filters.ResourceOptions(store), resource)}
                <input type="search" name="q" value="{Html.E(q)}" placeholder="Filter by span name" maxlength="{Filters.MaxTextLength}">
                <button>Filter</button>
                </form>
                <div data-live="5000" id="traces">{List(store.Traces(resource, q, MaxRows))}</div>
                """);
        });
        app.MapGet("/api/traces", (string? resource, string? q) =>
            Results.Json(store.Traces(Filters.Resource(resource, store), Filters.Text(q), MaxRows)));
        app.MapGet("/api/traces/{traceId}", (string traceId) =>
            Filters.TraceId(traceId) is { } id && store.Trace(id) is { Count: > 0 } spans ? Results.Json(spans) : Results.NotFound());
        app.MapGet("/traces/{traceId}", (string traceId) =>
        {
            var spans = Filters.TraceId(traceId) is { } id ? store.Trace(id) : [];
            return spans.Count == 0
                ? Html.Page("Trace not found", "/traces", "<p>No spans of this trace are kept (it may be older than the newest 10,000 spans per resource).</p>", 404)
                : Html.Page($"Trace {spans[0].Name}", "/traces", TraceWaterfall.Render(traceId, spans));
        });
    }

    private static string List(IReadOnlyList<TraceSummary> traces)
    {
        if (traces.Count == 0)
        {
            return "<p class=\"hint\">No traces yet. Services export spans over OTLP within a second or two.</p>";
        }

        var html = new StringBuilder("<table class=\"grid traces\"><thead><tr><th>Time</th><th>Name</th><th>Resources</th><th>Duration</th><th>Spans</th><th>Errors</th></tr></thead><tbody>");
        foreach (var t in traces)
        {
            html.Append($"<tr{(t.ErrorCount > 0 ? " class=\"error\"" : "")}><td>{Html.Time(t.Start)}</td>");
            html.Append($"<td><a href=\"/traces/{t.TraceId}\">{Html.E(t.RootResource)}: {Html.E(t.RootName)}</a></td>");
            html.Append($"<td>{string.Concat(t.Resources.Select(r => $"<span class=\"chip\">{Html.E(r)}</span>"))}</td>");
            html.Append($"<td>{Html.Duration(t.Duration)}</td><td>{t.SpanCount.ToString(CultureInfo.InvariantCulture)}</td>");
            html.Append($"<td>{(t.ErrorCount > 0 ? t.ErrorCount.ToString(CultureInfo.InvariantCulture) : "")}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
