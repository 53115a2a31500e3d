using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.StructuredLogs;

/// <summary>The log records services exported over OTLP, newest first, filtered by resource, minimum level, text or trace.</summary>
internal static class StructuredLogsPage
{
    private const int MaxRows = 500;

    private static readonly (string Value, string Label)[] Levels =
    [
        ("0", "all levels"), ("5", "Debug and above"), ("9", "Information and above"), ("13", "Warning and above"), ("17", "Error and above"),
    ];

    public static void Map(WebApplication app, TelemetryStore store) =>
        app.MapGet("/structuredlogs", (string? resource, string? level, string? q, string? trace) =>
        {
            resource = Filters.Resource(resource, store);
            q = Filters.Text(q);
            trace = Filters.TraceId(trace);
            var minSeverity = Levels.Any(l => l.Value == level) ? int.Parse(level!, CultureInfo.InvariantCulture) : 0;
            var entries = store.Logs(resource, minSeverity, q, trace, MaxRows);
            return Html.Page("Structured logs", "/structuredlogs", $"""
                <form class="filters" method="get">
                {Html.Select("resource", Filters.ResourceOptions(store), resource)}
                {Html.Select("level", Levels, minSeverity.ToString(CultureInfo.InvariantCulture))}
                <input type="search" name="q" value="{Html.E(q)}" placeholder="Filter message and attributes" maxlength="{Filters.MaxTextLength}">
                {(trace is null ? "" : $"<input type=\"hidden\" name=\"trace\" value=\"{trace}\"><a href=\"/structuredlogs\">trace {Short(trace)}… ✕</a>")}
                <button>Filter</button>
                </form>
                <div data-live="5000" id="structuredlogs">{Table(entries)}</div>
                """);
        });

    private static string Table(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return "<p class=\"hint\">No log records yet. Services export them over OTLP within a second or two.</p>";
        }

        var html = new StringBuilder($"<p class=\"hint\">{entries.Count.ToString(CultureInfo.InvariantCulture)} newest records{(entries.Count == MaxRows ? " (refine the filter to see older ones)" : "")}.</p>");
        html.Append("<table class=\"grid logs\"><thead><tr><th>Time</th><th>Resource</th><th>Level</th><th>Message</th><th>Trace</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            html.Append($"<tr class=\"level-{e.Level.ToLowerInvariant()}\"><td>{Html.Time(e.Time)}</td><td>{Html.E(e.Instance)}</td><td>{e.Level}</td>");
            html.Append($"<td><details><summary>{Html.E(e.Message)}</summary><table class=\"attributes\"><tr><td>category</td><td>{Html.E(e.Category)}</td></tr>");
            foreach (var a in e.Attributes)
            {
                html.Append($"<tr><td>{Html.E(a.Key)}</td><td>{Html.E(a.Value)}</td></tr>");
            }

            html.Append("</table></details></td>");
            html.Append(e.TraceId is { } traceId ? $"<td><a href=\"/traces/{Html.E(traceId)}\">{Html.E(Short(traceId))}</a></td>" : "<td></td>");
            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The first 8 digits, as the pages abbreviate trace ids; a shorter id (never stored, but rendering must not depend on it) whole.</summary>
    private static string Short(string id) => id.Length > 8 ? id[..8] : id;
}
