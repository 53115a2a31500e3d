using System.Globalization;
using Vrsky.Hosting;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Bench;

/// <summary>
/// Ten cheap resources through the Vrsky.Hosting app model: shell executables that print a service's worth of
/// console lines (some coloured, some on stderr) and then stay running, so every page has real resources to show.
/// The OTLP key is fixed for the run so the bench can export as the services would.
/// </summary>
internal static class BenchApp
{
    public static readonly IReadOnlyList<string> ResourceNames =
    [
        "frontend", "gateway", "chatservice", "presenceservice", "tokenworker", "idp", "discordbot", "controlplane", "retryrunner", "notifier",
    ];

    public static async Task<DistributedApplication> StartAsync(string otlpApiKey, int consoleLines)
    {
        var builder = DistributedApplicationTestingBuilder.Create<BenchApplication>();
        builder.Configuration["Dashboard:OtlpApiKey"] = otlpApiKey;
        foreach (var name in ResourceNames)
        {
            builder.AddExecutable(name, "sh", Path.GetTempPath(), "-c", Script(name, consoleLines));
        }

        var app = await builder.BuildAsync();
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var name in ResourceNames)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            await Eventually.WaitAsync(() => app.ResourceLogs.GetLines(name).Count >= consoleLines, TimeSpan.FromMinutes(1), $"{name} printed its {consoleLines} lines");
        }

        return app;
    }

    /// <summary>Lines like a .NET service's console logger: a green info prefix, a category, a message; every 50th a warning on stderr.</summary>
    private static string Script(string name, int lines) => string.Create(CultureInfo.InvariantCulture, $$"""
        i=0
        while [ $i -lt {{lines}} ]; do
          if [ $((i % 50)) -eq 49 ]; then
            printf '\033[33mwarn\033[0m: Vrsky.{{name}}[7] Slow request %d took %d ms\n' $i $((i * 7 % 900)) >&2
          else
            printf '\033[32minfo\033[0m: Vrsky.{{name}}.Requests[1] Request %d finished in %d ms with status 200 (GET /api/chats/%d/messages)\n' $i $((i * 13 % 97)) $((i % 400))
          fi
          i=$((i + 1))
        done
        exec sleep 86400
        """);
}

/// <summary>The entry point type the testing builder resolves paths from (the bench's own assembly; no AppHost project).</summary>
internal sealed class BenchApplication;
