using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Shared;

/// <summary>Query-string filters the telemetry pages share, bounded so a crafted URL cannot make a page expensive.</summary>
internal static class Filters
{
    public const int MaxTextLength = 200;

    /// <summary>A resource filter only if it names a resource that sent telemetry; anything else means all.</summary>
    public static string? Resource(string? value, TelemetryStore store) =>
        value is not null && store.Resources.Contains(value) ? value : null;

    public static string? Text(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length > MaxTextLength ? value[..MaxTextLength] : value.Trim();

    /// <summary>A trace id is 32 lowercase hex digits.</summary>
    public static string? TraceId(string? value) =>
        value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower) ? value : null;

    public static IEnumerable<(string Value, string Label)> ResourceOptions(TelemetryStore store) =>
        new[] { ("", "all resources") }.Concat(store.Resources.Select(r => (r, r)));
}
