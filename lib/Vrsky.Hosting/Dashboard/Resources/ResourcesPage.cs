using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Dashboard.Shared;

namespace Vrsky.Hosting.Dashboard.Resources;

/// <summary>
/// The resources table (a row per resource, and under a resource with several replicas a row per replica) and the
/// details panel of the selected resource. Both are rendered here only: the live stream
/// (<c>/api/resources/stream</c>, server-sent events) sends the same HTML again whenever a resource changes.
/// </summary>
internal static class ResourcesPage
{
    private const string Mask = "••••••••";
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    public static void Map(WebApplication app, DistributedApplication application)
    {
        app.MapGet("/", async (string? resource, CancellationToken ct) =>
        {
            var (table, details) = await RenderAsync(application, resource, ct).ConfigureAwait(false);
            return Html.Page("Resources", "/", $"""
                <table class="grid" id="resources" data-stream="/api/resources/stream?resource={Html.Q(resource)}">
                <thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Started</th><th>Restarts</th><th>Endpoints</th><th>Replicas</th><th>Details</th><th>Actions</th></tr></thead>
                <tbody id="resources-body">{table}</tbody></table>
                <section id="resource-details">{details}</section>
                """);
        });
        app.MapGet("/api/resources/stream", (string? resource, CancellationToken ct) =>
            TypedResults.ServerSentEvents(StreamAsync(application, resource, ct)));
    }

    /// <summary>The table body and the details panel again after every change (changes within 100 ms are sent once).</summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(DistributedApplication application, string? selected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var changes = application.ResourceNotifications.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync().AsTask();
        try
        {
            while (await next.ConfigureAwait(false))
            {
                // Swallow the burst: a change that comes within the debounce interval of the last one waits for the next render.
                do
                {
                    next = changes.MoveNextAsync().AsTask();
                }
                while (await Task.WhenAny(next, Task.Delay(Debounce, cancellationToken)).ConfigureAwait(false) == next && await next.ConfigureAwait(false));

                var (table, details) = await RenderAsync(application, selected, cancellationToken).ConfigureAwait(false);
                yield return new SseItem<string>(table, "resources");
                yield return new SseItem<string>(details, "details");
            }
        }
        finally
        {
            await StreamEnd.StopAsync(changes, stop, next).ConfigureAwait(false);
        }
    }

    private static async Task<(string Table, string Details)> RenderAsync(DistributedApplication application, string? selected, CancellationToken cancellationToken)
    {
        var resources = await ResourceApi.ListAsync(application, cancellationToken).ConfigureAwait(false);
        var rows = new StringBuilder();
        foreach (var r in resources)
        {
            rows.Append(Row(r, r.Name == selected));
            if (r.ReplicaStates.Count > 1)
            {
                foreach (var replica in r.ReplicaStates)
                {
                    rows.Append(ReplicaRow(r.Name, replica));
                }
            }
        }

        var chosen = resources.FirstOrDefault(r => r.Name == selected);
        return (rows.ToString(), chosen is null ? "<p class=\"hint\">Select a resource to see its environment, connection string, references and command line.</p>" : Details(chosen));
    }

    private static string Row(ResourceInfo r, bool selected) =>
        $"<tr data-resource=\"{Html.E(r.Name)}\"{(selected ? " class=\"selected\"" : "")}>" +
        $"<td><a href=\"/?resource={Html.Q(r.Name)}\">{Html.E(r.Name)}</a></td>" +
        $"<td>{Html.E(r.Type)}</td>" +
        $"<td class=\"state state-{Html.E(r.State.ToLowerInvariant())}\">{Html.E(r.State)}</td>" +
        $"<td class=\"health health-{Html.E((r.Health ?? "unknown").ToLowerInvariant())}\">{Html.E(r.Health ?? "")}</td>" +
        $"<td>{(r.StartedAt is { } started ? Html.Time(started) : "")}</td>" +
        $"<td class=\"restarts\">{r.Restarts.ToString(CultureInfo.InvariantCulture)}</td>" +
        $"<td>{string.Join("<br>", r.Endpoints.Select(e => $"<a href=\"{Html.E(e)}\" target=\"_blank\" rel=\"noopener\">{Html.E(e)}</a>"))}</td>" +
        $"<td>{r.Replicas.ToString(CultureInfo.InvariantCulture)}</td>" +
        $"<td class=\"reason\">{Html.E(r.StateReason)}</td>" +
        $"<td class=\"actions\">{Actions(r)}</td></tr>";

    /// <summary>One replica under its resource: its own state, health, start, restarts, address, pid and console.</summary>
    private static string ReplicaRow(string resource, ReplicaInfo r) =>
        $"<tr class=\"replica\" data-replica=\"{Html.E(r.Name)}\" data-replica-of=\"{Html.E(resource)}\">" +
        $"<td class=\"replica-name\">{Html.E(r.Name)}</td>" +
        "<td>replica</td>" +
        $"<td class=\"state state-{Html.E(r.State.ToLowerInvariant())}\">{Html.E(r.State)}</td>" +
        $"<td class=\"health health-{Html.E((r.Health ?? "unknown").ToLowerInvariant())}\">{Html.E(r.Health ?? "")}</td>" +
        $"<td>{(r.StartedAt is { } started ? Html.Time(started) : "")}</td>" +
        $"<td class=\"restarts\">{r.Restarts.ToString(CultureInfo.InvariantCulture)}</td>" +
        $"<td>{(r.Endpoint is { } endpoint ? $"<a href=\"{Html.E(endpoint)}\" target=\"_blank\" rel=\"noopener\">{Html.E(endpoint)}</a>" : "")}</td>" +
        $"<td class=\"pid\">{(r.ProcessId is { } pid ? "pid " + pid.ToString(CultureInfo.InvariantCulture) : "")}</td>" +
        $"<td class=\"reason\">{(r.ExitCode is { } code ? "exit code " + code.ToString(CultureInfo.InvariantCulture) : "")}</td>" +
        $"<td class=\"actions\"><a href=\"/console?resource={Html.Q(resource)}&amp;replica={r.Index.ToString(CultureInfo.InvariantCulture)}\">Logs</a></td></tr>";

    private static string Actions(ResourceInfo r)
    {
        var html = new StringBuilder();
        foreach (var command in r.Commands)
        {
            html.Append($"<button data-command=\"{Html.E(command)}\" data-resource=\"{Html.E(r.Name)}\">{Html.E(char.ToUpperInvariant(command[0]) + command[1..])}</button>");
        }

        if (r.Commands.Count > 0)
        {
            html.Append($"<a href=\"/console?resource={Html.Q(r.Name)}\">Logs</a>");
        }

        return html.ToString();
    }

    /// <summary>Every environment value, the connection string and the command line are masked until revealed (they carry passwords).</summary>
    private static string Details(ResourceInfo r)
    {
        var html = new StringBuilder($"<h2>{Html.E(r.Name)}</h2><dl class=\"details\">");
        html.Append($"<dt>Type</dt><dd>{Html.E(r.Type)}</dd>");
        html.Append($"<dt>References</dt><dd>{Links(r.References)}</dd>");
        html.Append($"<dt>Waits for</dt><dd>{Links(r.WaitsFor)}</dd>");
        if (r.ExitCode is { } code)
        {
            html.Append($"<dt>Exit code</dt><dd>{code.ToString(CultureInfo.InvariantCulture)}</dd>");
        }

        if (r.ConnectionString is { } connectionString)
        {
            html.Append($"<dt>Connection string</dt><dd>{Secret(connectionString)}</dd>");
        }

        if (r.CommandLine is { } commandLine)
        {
            html.Append($"<dt>Command line</dt><dd>{Secret(commandLine)}</dd>");
        }

        html.Append("</dl>");
        if (r.Environment.Count > 0)
        {
            html.Append("<h3>Environment <button class=\"reveal-all\">Show all values</button></h3><table class=\"grid env\"><tr><th>Name</th><th>Value</th></tr>");
            foreach (var (key, value) in r.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                html.Append($"<tr><td>{Html.E(key)}</td><td>{Secret(value)}</td></tr>");
            }

            html.Append("</table>");
        }

        return html.ToString();
    }

    private static string Links(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"<a href=\"/?resource={Html.Q(n)}\">{Html.E(n)}</a>"));

    private static string Secret(string value) =>
        $"<span class=\"secret\" data-value=\"{Html.E(value)}\">{Mask}</span> <button class=\"reveal\">Show</button>";
}
