using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Vrsky.Hosting.Dashboard.Shared;

/// <summary>The page frame every dashboard page shares (navigation, script, style) and small HTML helpers.</summary>
internal static class Html
{
    private static readonly (string Path, string Title)[] Navigation =
    [
        ("/", "Resources"), ("/graph", "Graph"), ("/console", "Console"), ("/structuredlogs", "Structured logs"),
        ("/traces", "Traces"), ("/metrics", "Metrics"),
    ];

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Encodes for a query-string value inside an attribute.</summary>
    public static string Q(string? text) => E(Uri.EscapeDataString(text ?? ""));

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => $"{duration.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture)} µs",
        < 1000 => $"{duration.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms",
        _ => $"{duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s",
    };

    public static string Number(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>A select that submits its form, listing <paramref name="options"/> with <paramref name="selected"/> chosen.</summary>
    public static string Select(string name, IEnumerable<(string Value, string Label)> options, string? selected)
    {
        var html = new StringBuilder($"<select name=\"{E(name)}\" onchange=\"this.form.submit()\">");
        foreach (var (value, label) in options)
        {
            html.Append($"<option value=\"{E(value)}\"{(value == (selected ?? "") ? " selected" : "")}>{E(label)}</option>");
        }

        return html.Append("</select>").ToString();
    }

    public static IResult Page(string title, string activePath, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(Frame(title, activePath, body), "text/html; charset=utf-8", statusCode: statusCode);

    public static string Frame(string title, string activePath, string body)
    {
        var nav = string.Concat(Navigation.Select(n =>
            $"<a href=\"{n.Path}\"{(n.Path == activePath ? " class=\"active\"" : "")}>{E(n.Title)}</a>"));
        return $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Vrsky</title><link rel="stylesheet" href="/assets/dashboard.css"><script src="/assets/dashboard.js" defer></script>
            </head><body><header><span class="brand">Vrsky</span><nav>{nav}</nav></header><main><h1>{E(title)}</h1>
            {body}
            </main></body></html>
            """;
    }
}
