using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.AppHost;

/// <summary>
/// The deployed control plane (the committed manifest, which Vrsky.Hosting.Tests keep in step with the AppHost) runs the
/// Kubernetes provisioner and three bucket replicas; the local run keeps the defaults (local provisioner, one replica),
/// which ControlPlaneAppHostTests exercises.
/// </summary>
public sealed class PublishedControlPlaneTests
{
    [Fact]
    public void PublishedEnvironmentBindsToTheKubernetesProvisionerAndThreeReplicas()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "aspire-manifest.json")))!;
        var env = manifest["resources"]!["controlplane"]!["env"]!.AsObject()
            .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(env).Build();

        var provisioner = configuration.GetSection(ProvisionerOptions.Section).Get<ProvisionerOptions>()!;
        var platform = configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>()!;
        Assert.Equal(ProvisionerOptions.Kubernetes, provisioner.Kind);
        Assert.Null(provisioner.Validate());
        Assert.Equal(3, platform.Replicas);
        Assert.Null(platform.Validate());
    }
}
