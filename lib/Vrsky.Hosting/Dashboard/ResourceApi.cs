using System.Text.Json.Serialization;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Dashboard;

/// <summary>One row of <c>GET /api/resources</c>.</summary>
internal sealed record ResourceInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("health")] string? Health,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<string> Endpoints,
    [property: JsonPropertyName("replicas")] int Replicas,
    [property: JsonPropertyName("stateReason")] string? StateReason,
    [property: JsonPropertyName("connectionString")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConnectionString);

internal static class ResourceApi
{
    /// <summary>Connection strings carry passwords; this list is only ever served behind the dashboard token.</summary>
    public static async Task<List<ResourceInfo>> ListAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        var list = new List<ResourceInfo>();
        foreach (var snapshot in application.ResourceNotifications.Snapshots)
        {
            var resource = application.Resources.Single(r => r.Name == snapshot.Name);
            var connectionString = resource is IResourceWithConnectionString withConnection && snapshot.State != KnownResourceStates.NotStarted
                ? await withConnection.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
                : null;
            list.Add(new ResourceInfo(
                snapshot.Name,
                snapshot.ResourceType,
                snapshot.State,
                snapshot.Health == HealthStatus.Unknown ? null : snapshot.Health.ToString(),
                snapshot.Endpoints,
                snapshot.Replicas,
                snapshot.StateReason,
                connectionString));
        }

        return list;
    }
}
