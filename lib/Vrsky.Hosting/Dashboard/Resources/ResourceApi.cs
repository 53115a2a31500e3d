using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Dashboard.Resources;

/// <summary>One row of <c>GET /api/resources</c>: what the resources page shows.</summary>
internal sealed record ResourceInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("health")] string? Health,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<string> Endpoints,
    [property: JsonPropertyName("replicas")] int Replicas,
    [property: JsonPropertyName("stateReason")] string? StateReason,
    [property: JsonPropertyName("connectionString")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionString,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("restarts")] int Restarts,
    [property: JsonPropertyName("exitCode")] int? ExitCode,
    [property: JsonPropertyName("references")] IReadOnlyList<string> References,
    [property: JsonPropertyName("waitsFor")] IReadOnlyList<string> WaitsFor,
    [property: JsonPropertyName("environment")] IReadOnlyDictionary<string, string> Environment,
    [property: JsonPropertyName("commandLine")] string? CommandLine,
    [property: JsonPropertyName("commands")] IReadOnlyList<string> Commands,
    [property: JsonPropertyName("replicaStates")] IReadOnlyList<ReplicaInfo> ReplicaStates);

/// <summary>One replica (process) of a resource in <c>GET /api/resources</c>, e.g. <c>gateway-1</c>.</summary>
internal sealed record ReplicaInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("health")] string? Health,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("restarts")] int Restarts,
    [property: JsonPropertyName("exitCode")] int? ExitCode,
    [property: JsonPropertyName("pid")] int? ProcessId,
    [property: JsonPropertyName("endpoint")] string? Endpoint);

/// <summary><c>GET /api/resources</c> and <c>POST /api/resources/{name}/commands/{command}</c> (stop, start, restart).</summary>
internal static class ResourceApi
{
    public static void Map(WebApplication app, DistributedApplication application)
    {
        app.MapGet("/api/resources", async (CancellationToken ct) => Results.Json(await ListAsync(application, ct).ConfigureAwait(false)));
        app.MapPost("/api/resources/{name}/commands/{command}", async (string name, string command) =>
        {
            if (!application.Resources.Any(r => r.Name == name))
            {
                return Results.NotFound($"There is no resource '{name}'.");
            }

            if (!KnownResourceCommands.IsKnown(command))
            {
                return Results.BadRequest($"Unknown command '{command}': use stop, start or restart.");
            }

            return await application.ExecuteCommandAsync(name, command).ConfigureAwait(false)
                ? Results.Accepted()
                : Results.Conflict($"'{name}' cannot {command} now.");
        });
    }

    /// <summary>Connection strings and environments carry passwords; this list is only ever served behind the dashboard token.</summary>
    public static async Task<List<ResourceInfo>> ListAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        var list = new List<ResourceInfo>();
        foreach (var snapshot in application.ResourceNotifications.Snapshots)
        {
            list.Add(await DescribeAsync(application, snapshot, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    public static async Task<ResourceInfo> DescribeAsync(DistributedApplication application, ResourceSnapshot snapshot, CancellationToken cancellationToken)
    {
        var resource = application.Resources.Single(r => r.Name == snapshot.Name);
        var connectionString = resource is IResourceWithConnectionString withConnection && snapshot.State != KnownResourceStates.NotStarted
            ? await withConnection.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return new ResourceInfo(
            snapshot.Name,
            snapshot.ResourceType,
            snapshot.State,
            HealthText(snapshot.Health),
            snapshot.Endpoints,
            snapshot.Replicas,
            snapshot.StateReason,
            connectionString,
            snapshot.StartedAt,
            snapshot.Restarts,
            snapshot.ExitCode,
            ResourceGraph.References(resource),
            ResourceGraph.Waits(resource),
            snapshot.Environment,
            snapshot.CommandLine,
            application.SupportsCommands(snapshot.Name) ? [KnownResourceCommands.Stop, KnownResourceCommands.Start, KnownResourceCommands.Restart] : [],
            [.. snapshot.ReplicaStates.Select(r => new ReplicaInfo(
                r.Name, r.Index, r.State, HealthText(r.Health), r.StartedAt, r.Restarts, r.ExitCode, r.ProcessId, r.Endpoint))]);
    }

    private static string? HealthText(HealthStatus health) => health == HealthStatus.Unknown ? null : health.ToString();
}
