using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>
/// <c>--publisher kubernetes --output-path DIR [--namespace N] [--image-registry R] [--image-tag T] [--parameter name=value]...</c>:
/// writes a kustomize tree for the whole application (DESIGN §8).
/// </summary>
public static class KubernetesPublisher
{
    internal static async Task PublishAsync(DistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var directory = PublishOutput.RequireOutputPath(builder.ExecutionContext, "deploy/k8s");
        var options = KubernetesPublisherOptions.FromArgs(builder.Options.Args, builder.Configuration);
        PublishOutput.ThrowUnlessReplaceable(directory, KubernetesManifests.IsEarlierOutput);
        var previous = Directory.Exists(directory) ? KubernetesManifests.ReadParameters(directory) : [];
        var manifests = Render(builder.Resources, options, builder.Configuration, previous);
        await PublishOutput.ReplaceDirectoryAsync(directory, manifests.ToFiles(), cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Wrote {manifests.Objects.Count()} Kubernetes objects to {directory} (kubectl apply -k {directory})");
    }

    /// <summary>
    /// Renders the model. Parameter values come from <see cref="KubernetesPublisherOptions.Parameters"/>, then
    /// configuration <c>Parameters:{name}</c>, then <paramref name="previousParameters"/>, else are generated.
    /// </summary>
    public static KubernetesManifests Render(IReadOnlyList<IResource> resources, KubernetesPublisherOptions options,
        IConfiguration? configuration = null, IReadOnlyDictionary<string, string>? previousParameters = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(options);
        return new KubernetesPublishingContext(resources, options, configuration, previousParameters).Render();
    }
}
