using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Dashboard.Shared;

namespace Vrsky.Hosting.Dashboard.Console;

/// <summary>One console line of a batch the tail script receives: time, replica, stderr flag and the line as HTML.</summary>
internal sealed record ConsoleLineDto(
    [property: JsonPropertyName("t")] string Time,
    [property: JsonPropertyName("r")] int Replica,
    [property: JsonPropertyName("e")] bool IsError,
    [property: JsonPropertyName("h")] string Html);

[JsonSerializable(typeof(List<ConsoleLineDto>))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;

/// <summary>
/// Console output per resource and replica: the kept lines (up to 10,000) and then a live tail over server-sent
/// events; the text filter and timestamp switch work in the browser.
/// </summary>
internal static class ConsolePage
{
    /// <summary>
    /// Lines already buffered when the stream catches up go out together: sent one event per line, the 10,000 kept
    /// lines took the page close to a minute to show (an event, a flush and a layout per line).
    /// </summary>
    private const int MaxLinesPerEvent = 500;

    public static void Map(WebApplication app, DistributedApplication application)
    {
        app.MapGet("/console", (string? resource, int? replica) => Render(application, resource, replica));
        app.MapGet("/api/console/{resource}/stream", (string resource, int? replica, CancellationToken ct) =>
            application.Resources.Any(r => r.Name == resource)
                ? Results.ServerSentEvents(StreamAsync(application.ResourceLogs, resource, replica, ct))
                : Results.NotFound($"There is no resource '{resource}'."));
    }

    private static IResult Render(DistributedApplication application, string? resource, int? replica)
    {
        var withOutput = application.Resources.Where(r => r is ProjectResource or ExecutableResource || r.Annotations.OfType<LocalProcessAnnotation>().Any()).Select(r => r.Name).ToList();
        resource = withOutput.Contains(resource ?? "") ? resource : withOutput.FirstOrDefault();
        var replicas = resource is not null && application.ResourceNotifications.TryGetSnapshot(resource, out var s) ? s.Replicas : 1;
        var replicaOptions = new List<(string, string)> { ("", "all replicas") };
        replicaOptions.AddRange(Enumerable.Range(0, replicas).Select(i => (i.ToString(CultureInfo.InvariantCulture), $"replica {i}")));
        var stream = resource is null ? "" : $"/api/console/{Uri.EscapeDataString(resource)}/stream" + (replica is { } n ? $"?replica={n.ToString(CultureInfo.InvariantCulture)}" : "");
        return Html.Page("Console logs", "/console", $"""
            <form class="filters" method="get">
            {Html.Select("resource", withOutput.Select(n => (n, n)), resource)}
            {(replicas > 1 ? Html.Select("replica", replicaOptions, replica?.ToString(CultureInfo.InvariantCulture)) : "")}
            <input type="search" id="console-filter" placeholder="Filter lines" maxlength="200">
            <label><input type="checkbox" id="console-timestamps" checked> Timestamps</label>
            <span id="console-count" class="hint"></span>
            </form>
            <div id="console" class="console" data-stream="{Html.E(stream)}"></div>
            """);
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(ResourceLoggerService logs, string resource, int? replica, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lines = logs.WatchAsync(resource, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? waiting = null;
        try
        {
            var batch = new List<ConsoleLineDto>(MaxLinesPerEvent);
            var more = await lines.MoveNextAsync().ConfigureAwait(false);
            while (more)
            {
                var line = lines.Current;
                if (replica is null || line.Replica == replica)
                {
                    batch.Add(new ConsoleLineDto(Html.Time(line.Timestamp), line.Replica, line.IsError, Ansi.ToHtml(line.Content)));
                }

                var next = lines.MoveNextAsync();
                if (next.IsCompletedSuccessfully && batch.Count < MaxLinesPerEvent)
                {
                    // The next line was already buffered: it joins this event.
                    more = next.Result;
                    continue;
                }

                waiting = next.AsTask();
                if (batch.Count > 0)
                {
                    yield return Event(batch);
                    batch.Clear();
                }

                more = await waiting.ConfigureAwait(false);
                waiting = null;
            }

            if (batch.Count > 0)
            {
                yield return Event(batch);
            }
        }
        finally
        {
            await StreamEnd.StopAsync(lines, stop, waiting).ConfigureAwait(false);
        }
    }

    private static SseItem<string> Event(List<ConsoleLineDto> batch) =>
        new(JsonSerializer.Serialize(batch, ConsoleJsonContext.Default.ListConsoleLineDto), "lines");
}
