using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Dashboard.Shared;

namespace Vrsky.Hosting.Dashboard.Resources;

/// <summary>The resources as a layered graph (what nothing depends on at the left): references solid, <c>WaitFor</c> dashed.</summary>
internal static class GraphPage
{
    private const int NodeWidth = 150;
    private const int NodeHeight = 40;
    private const int ColumnGap = 90;
    private const int RowGap = 22;

    public static void Map(WebApplication app, DistributedApplication application) =>
        app.MapGet("/graph", () => Html.Page("Graph", "/graph", Render(application)));

    private static string Render(DistributedApplication application)
    {
        var resources = application.Resources;
        var layers = ResourceGraph.Layers(resources);
        var position = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        foreach (var column in resources.GroupBy(r => layers[r.Name]))
        {
            var row = 0;
            foreach (var resource in column.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                position[resource.Name] = (10 + column.Key * (NodeWidth + ColumnGap), 10 + row++ * (NodeHeight + RowGap));
            }
        }

        var width = position.Values.Max(p => p.X) + NodeWidth + 10;
        var height = position.Values.Max(p => p.Y) + NodeHeight + 10;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<svg class=\"graph\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"));
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>");
        foreach (var resource in resources)
        {
            foreach (var target in ResourceGraph.References(resource).Where(position.ContainsKey))
            {
                svg.Append(Edge(position[resource.Name], position[target], "reference", 0));
            }

            foreach (var target in ResourceGraph.Waits(resource).Where(position.ContainsKey))
            {
                svg.Append(Edge(position[resource.Name], position[target], "wait", 14));
            }
        }

        foreach (var resource in resources)
        {
            var (x, y) = position[resource.Name];
            var health = application.ResourceNotifications.TryGetSnapshot(resource.Name, out var s) ? s.Health : HealthStatus.Unknown;
            svg.Append(CultureInfo.InvariantCulture,
                $"<a href=\"/?resource={Html.Q(resource.Name)}\"><g class=\"node health-{health.ToString().ToLowerInvariant()}\" data-resource=\"{Html.E(resource.Name)}\">" +
                $"<rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"6\"/>" +
                $"<text x=\"{x + 10}\" y=\"{y + 17}\">{Html.E(resource.Name)}</text>" +
                $"<text class=\"sub\" x=\"{x + 10}\" y=\"{y + 32}\">{Html.E(s?.ResourceType)} · {Html.E(s?.State)}</text></g></a>");
        }

        return "<p class=\"hint\">Arrows point from a resource to what it uses: <span class=\"legend-reference\">reference</span>, <span class=\"legend-wait\">waits for</span>.</p>" +
            "<div class=\"graph-box\">" + svg.Append("</svg>").ToString() + "</div>";
    }

    /// <summary>From the left edge of the dependent to the right edge of its dependency; waits bend so they stay visible beside references.</summary>
    private static string Edge((double X, double Y) from, (double X, double Y) to, string kind, double bend)
    {
        var (x1, y1) = (from.X, from.Y + NodeHeight / 2.0);
        var (x2, y2) = (to.X + NodeWidth, to.Y + NodeHeight / 2.0);
        var (cx, cy) = ((x1 + x2) / 2, (y1 + y2) / 2 + bend);
        return string.Create(CultureInfo.InvariantCulture,
            $"<path class=\"edge {kind}\" d=\"M{x1},{y1} Q{cx},{cy} {x2},{y2}\" marker-end=\"url(#arrow)\"/>");
    }
}
