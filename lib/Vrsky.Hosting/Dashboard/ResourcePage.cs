using System.Net;
using System.Text;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Dashboard;

/// <summary>The plain resource page: one row per resource, refreshed every few seconds.</summary>
internal static class ResourcePage
{
    public const string LoginHint = """
        <!doctype html><html><head><title>Vrsky dashboard</title></head><body>
        <h1>Vrsky dashboard</h1><p>Open the login link the AppHost printed at start (<code>/login?t=…</code>).</p>
        </body></html>
        """;

    public static string Render(IEnumerable<ResourceSnapshot> snapshots)
    {
        var rows = new StringBuilder();
        foreach (var s in snapshots)
        {
            rows.Append("<tr>")
                .Append(Cell(s.Name)).Append(Cell(s.ResourceType)).Append(Cell(s.State))
                .Append(Cell(s.Health == HealthStatus.Unknown ? "" : s.Health.ToString()))
                .Append("<td>").AppendJoin("<br>", s.Endpoints.Select(e => WebUtility.HtmlEncode(e))).Append("</td>")
                .Append(Cell(s.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(Cell(s.StateReason ?? ""))
                .Append("</tr>\n");
        }

        return $$"""
            <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Vrsky dashboard</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
            </head><body><h1>Resources</h1>
            <table><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Endpoints</th><th>Replicas</th><th>Details</th></tr>
            {{rows}}</table></body></html>
            """;
    }

    private static string Cell(string text) => $"<td>{WebUtility.HtmlEncode(text)}</td>";
}
