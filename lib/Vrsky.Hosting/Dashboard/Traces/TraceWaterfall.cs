using System.Globalization;
using System.Text;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Traces;

/// <summary>One row per span, indented under its parent, with a bar placed on the trace's time line; a row opens to its attributes and events.</summary>
internal static class TraceWaterfall
{
    public static string Render(string traceId, IReadOnlyList<SpanData> spans)
    {
        var start = spans.Min(s => s.Start);
        var total = Math.Max((spans.Max(s => s.End) - start).TotalMilliseconds, 0.001);
        var depth = Depths(spans);
        var resources = spans.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\">Trace <code>{traceId}</code> · {Html.Duration(TimeSpan.FromMilliseconds(total))} · {spans.Count} spans · ");
        html.Append($"{string.Concat(resources.Select(r => $"<span class=\"chip\">{Html.E(r)}</span>"))} · <a href=\"/structuredlogs?trace={traceId}\">Logs of this trace</a></p>");
        html.Append("<div class=\"waterfall\">");
        foreach (var span in spans)
        {
            var left = (span.Start - start).TotalMilliseconds / total * 100;
            var width = Math.Max(span.Duration.TotalMilliseconds / total * 100, 0.3);
            html.Append(CultureInfo.InvariantCulture, $"<details class=\"span{(span.IsError ? " error" : "")}\" data-resource=\"{Html.E(span.Resource)}\"><summary>");
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"span-name\" style=\"padding-left:{depth[span] * 14}px\"><span class=\"chip\">{Html.E(span.Resource)}</span> {Html.E(span.Name)}</span>");
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"span-track\"><span class=\"span-bar kind-{span.Kind.ToLowerInvariant()}\" style=\"left:{left:0.###}%;width:{Math.Min(width, 100 - left):0.###}%\"></span></span>");
            html.Append($"<span class=\"span-duration\">{Html.Duration(span.Duration)}</span></summary>");
            html.Append("<table class=\"attributes\">");
            Row(html, "kind", span.Kind);
            Row(html, "replica", span.Instance);
            Row(html, "scope", span.Scope);
            Row(html, "span id", span.SpanId);
            if (span.StatusMessage is not null || span.IsError)
            {
                Row(html, "status", $"Error {span.StatusMessage}");
            }

            foreach (var a in span.Attributes)
            {
                Row(html, a.Key, a.Value);
            }

            foreach (var e in span.Events)
            {
                Row(html, $"event @ {Html.Duration(e.Time - span.Start)}", $"{e.Name} {string.Join(", ", e.Attributes.Select(a => $"{a.Key}={a.Value}"))}");
            }

            html.Append("</table></details>");
        }

        return html.Append("</div>").ToString();
    }

    private static void Row(StringBuilder html, string key, string value) => html.Append($"<tr><td>{Html.E(key)}</td><td>{Html.E(value)}</td></tr>");

    /// <summary>Spans arrive parent-first (<see cref="TelemetryStore.Trace"/>), so a parent's depth is known before its children.</summary>
    private static Dictionary<SpanData, int> Depths(IReadOnlyList<SpanData> spans)
    {
        var bySpanId = new Dictionary<string, SpanData>(StringComparer.Ordinal);
        var depths = new Dictionary<SpanData, int>();
        foreach (var span in spans)
        {
            depths[span] = span.ParentSpanId is { } parent && bySpanId.TryGetValue(parent, out var p) ? depths[p] + 1 : 0;
            bySpanId.TryAdd(span.SpanId, span);
        }

        return depths;
    }
}
