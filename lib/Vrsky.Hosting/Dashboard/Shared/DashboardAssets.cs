using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vrsky.Hosting.Dashboard.Shared;

/// <summary>The script and style sheet, embedded in the assembly (no CDN: the AppHost works offline).</summary>
internal static class DashboardAssets
{
    private static readonly (string Name, string ContentType)[] Assets =
    [
        ("dashboard.js", "text/javascript; charset=utf-8"),
        ("dashboard.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach (var (name, contentType) in Assets)
        {
            using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"Vrsky.Dashboard.{name}")
                ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            app.MapGet($"/assets/{name}", () => Results.Bytes(bytes, contentType));
        }
    }
}
