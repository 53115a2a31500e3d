using System.Globalization;
using System.Text;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Metrics;

/// <summary>A small line chart as inline SVG (no script, no chart library): one polyline per value line, gaps where nothing was reported.</summary>
internal static class SvgChart
{
    private const int Width = 360;
    private const int Height = 90;
    private const int Left = 44;

    public static string Render(IReadOnlyList<MetricStep> steps, int lines)
    {
        var max = steps.Where(s => s.Values is not null).SelectMany(s => s.Values!).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : max;
        var svg = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" preserveAspectRatio=\"none\">"));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"10\">{Html.Number(max)}</text><text x=\"2\" y=\"{Height - 2}\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - 1}\" x2=\"{Width}\" y2=\"{Height - 1}\"/>");
        for (var line = 0; line < lines; line++)
        {
            foreach (var segment in Segments(steps, line))
            {
                svg.Append($"<polyline class=\"line line-{line}\" points=\"");
                foreach (var (index, value) in segment)
                {
                    var x = Left + (Width - Left) * (index + 0.5) / steps.Count;
                    var y = Height - 2 - (Height - 12) * value / max;
                    svg.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
                }

                svg.Append("\"/>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Runs of consecutive steps with data; a single point is drawn as a short flat segment so it stays visible.</summary>
    private static IEnumerable<List<(double Index, double Value)>> Segments(IReadOnlyList<MetricStep> steps, int line)
    {
        var current = new List<(double, double)>();
        for (var i = 0; i <= steps.Count; i++)
        {
            if (i < steps.Count && steps[i].Values is { } values)
            {
                current.Add((i, values[line]));
                continue;
            }

            if (current.Count == 1)
            {
                current.Add((current[0].Item1 + 0.3, current[0].Item2));
            }

            if (current.Count > 0)
            {
                yield return current;
                current = [];
            }
        }
    }
}
