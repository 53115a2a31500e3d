using System.Text.Json.Nodes;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;
using Vrsky.Hosting.Publishing.Manifest;
using Vrsky.Hosting.Testing;

namespace Vrsky.Hosting.Tests.Publishing;

/// <summary>Environment given to one deployment role reaches that role only, in both publishers.</summary>
public sealed class DeploymentRoleTests
{
    private const string ApiKey = "RoleOnlyApiKeyForTests01";

    [Fact]
    public void KubernetesPutsARoleOnlySecretIntoThatRolesOwnSecretAndOverridesSharedSettings()
    {
        var manifests = KubernetesPublisher.Render(Model().Resources,
            new KubernetesPublisherOptions { Parameters = new Dictionary<string, string> { ["api-key"] = ApiKey } });

        var front = Env(manifests, "app-front");
        Assert.Equal(new KeySelector("app-front-secrets", "API_KEY"), front["API_KEY"].ValueFrom!.SecretKeyRef);
        Assert.Equal("front", front["MODE"].Value);
        Assert.Equal(ApiKey, manifests.Objects.OfType<Secret>().Single(s => s.Metadata.Name == "app-front-secrets").StringData["API_KEY"]);

        var back = Env(manifests, "app-back");
        Assert.False(back.ContainsKey("API_KEY"));
        Assert.False(back.ContainsKey("MODE")); // the shared ConfigMap's value
        Assert.Equal("shared", manifests.Objects.OfType<ConfigMap>().Single(m => m.Metadata.Name == "app-config").Data["MODE"]);
        Assert.DoesNotContain(manifests.Objects.OfType<Secret>().Where(s => s.Metadata.Name != "app-front-secrets"),
            s => s.StringData.Values.Any(v => v.Contains(ApiKey, StringComparison.Ordinal)));
    }

    [Fact]
    public void ManifestWritesEachRoleAsAProjectWithItsOwnEnvironment()
    {
        var manifest = JsonNode.Parse(ManifestPublisher.Write(Model().Resources, RepoPaths.Root,
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish, "manifest")))!["resources"]!.AsObject();

        Assert.False(manifest.ContainsKey("app"));
        var front = manifest["app-front"]!["env"]!;
        Assert.Equal("{api-key.value}", (string?)front["API_KEY"]);
        Assert.Equal("front", (string?)front["MODE"]);
        Assert.Equal("{app-front.bindings.http.targetPort}", (string?)front["HTTP_PORTS"]);
        var back = manifest["app-back"]!["env"]!;
        Assert.Null(back["API_KEY"]);
        Assert.Equal("shared", (string?)back["MODE"]);
        Assert.Equal("1", (string?)back["SHARED"]);
    }

    [Fact]
    public void RoleEnvironmentNeedsTheRole()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "manifest");
        var app = builder.AddProject("app", "../Vrsky.DiscordBot/Vrsky.DiscordBot.csproj").PublishAsRole("front", 1);

        var error = Assert.Throws<DistributedApplicationException>(() => app.PublishRoleEnvironment("back", "MODE", "back"));
        Assert.Contains("has no deployment role 'back'", error.Message, StringComparison.Ordinal);
    }

    private static IDistributedApplicationTestingBuilder Model()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "manifest");
        var apiKey = builder.AddParameter("api-key", secret: true);
        builder.AddProject("app", "../Vrsky.DiscordBot/Vrsky.DiscordBot.csproj")
            .WithHttpEndpoint()
            .WithEnvironment("SHARED", "1")
            .WithEnvironment("MODE", "shared")
            .PublishAsRole("front", replicas: 1, ("MODE", "front"))
            .PublishAsRole("back", replicas: 2)
            .PublishRoleEnvironment("front", "API_KEY", apiKey);
        return builder;
    }

    private static Dictionary<string, EnvVar> Env(KubernetesManifests manifests, string deployment) =>
        (manifests.Objects.OfType<Deployment>().Single(d => d.Metadata.Name == deployment).Spec.Template.Spec.Containers.Single().Env ?? [])
            .ToDictionary(e => e.Name);
}
