using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Testing;

/// <summary>Reaching a running application's resources from a test, with Aspire.Hosting.Testing's method names.</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An HttpClient whose base address is the resource's HTTP endpoint.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, endpointName ?? "http") };

    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var resource = app.Resources.OfType<IResourceWithEndpoints>().SingleOrDefault(r => r.Name == resourceName)
            ?? throw new ArgumentException($"No resource with endpoints named '{resourceName}'.", nameof(resourceName));
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = (endpointName is null ? endpoints.FirstOrDefault() : endpoints.SingleOrDefault(e => e.Name == endpointName))
            ?? throw new ArgumentException($"Resource '{resourceName}' has no endpoint '{endpointName}'.", nameof(endpointName));
        return new Uri(new EndpointReference(resource, endpoint.Name).Url);
    }

    public static async Task<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default)
    {
        var resource = app.Resources.OfType<IResourceWithConnectionString>().SingleOrDefault(r => r.Name == resourceName)
            ?? throw new ArgumentException($"No resource with a connection string named '{resourceName}'.", nameof(resourceName));
        return await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
    }
}
