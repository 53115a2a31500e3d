using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Manifest;

namespace Vrsky.Hosting.Publishing;

/// <summary>Dispatches <c>--publisher NAME</c> to the publisher of that name.</summary>
internal static class Publishers
{
    private static readonly Dictionary<string, Func<DistributedApplication, DistributedApplicationBuilder, CancellationToken, Task>> Known =
        new(StringComparer.Ordinal)
        {
            ["manifest"] = (_, builder, ct) => ManifestPublisher.PublishAsync(builder, ct),
            ["kubernetes"] = (_, builder, ct) => KubernetesPublisher.PublishAsync(builder, ct),
        };

    public static Task PublishAsync(DistributedApplication application, DistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var name = builder.ExecutionContext.PublisherName ?? "";
        var known = $"Known publishers: {string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}.";
        return string.IsNullOrWhiteSpace(name) ? throw new DistributedApplicationException($"--publisher needs a name. {known}")
            : Known.TryGetValue(name, out var publish) ? publish(application, builder, cancellationToken)
            : throw new DistributedApplicationException($"Unknown publisher '{name}'. {known}");
    }
}
