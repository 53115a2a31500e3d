using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;
using Vrsky.Hosting.Testing;

namespace Vrsky.Hosting.Tests.Publishing;

/// <summary><c>PublishInitJob</c>: names are checked where they are declared; a project's roles and its init Job share its settings.</summary>
public sealed class InitJobTests
{
    [Theory]
    [InlineData("Init")]
    [InlineData("init-")]
    [InlineData("in_it")]
    [InlineData("a-name-long-enough-to-overflow-the-job-name-limit")]
    public void BadJobNamesAreRefused(string name)
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "manifest");
        var app = builder.AddProject("app", "../Vrsky.ControlPlane/Vrsky.ControlPlane.csproj");

        var error = Assert.Throws<DistributedApplicationException>(() => app.PublishInitJob(name, ["init"], secrets: []));
        Assert.Contains($"Init job name '{name}' of 'app' is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobNameIsDeclaredOnce()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "manifest");
        var app = builder.AddProject("app", "../Vrsky.ControlPlane/Vrsky.ControlPlane.csproj").PublishInitJob("migrate", ["migrate"], secrets: []);

        var error = Assert.Throws<DistributedApplicationException>(() => app.PublishInitJob("migrate", ["again"], secrets: []));
        Assert.Equal("Project 'app' already has an init job 'migrate'.", error.Message);
    }

    [Fact]
    public void ASecretTheProjectDoesNotHaveIsRefusedWhenPublishing()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "kubernetes");
        var key = builder.AddParameter("api-key", secret: true);
        builder.AddProject("app", "../Vrsky.ControlPlane/Vrsky.ControlPlane.csproj")
            .WithEnvironment("API_KEY", key)
            .PublishInitJob("migrate", ["migrate"], secrets: ["API_KYE"]);

        var error = Assert.Throws<DistributedApplicationException>(() => KubernetesPublisher.Render(builder.Resources,
            new KubernetesPublisherOptions { Parameters = new Dictionary<string, string> { ["api-key"] = "InitJobApiKeyForTests01" } }));
        Assert.Equal("Init job 'app-migrate' names secret 'API_KYE', which 'app' does not have (it has: API_KEY).", error.Message);
    }

    [Fact]
    public void ARoleSplitProjectsInitJobGetsTheSharedSettingsAndTheSecretsItNamesButNoRolesOwn()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>("--publisher", "kubernetes");
        var key = builder.AddParameter("api-key", secret: true);
        builder.AddProject("app", "../Vrsky.DiscordBot/Vrsky.DiscordBot.csproj")
            .WithEnvironment("SHARED_KEY", key)
            .WithEnvironment("UNNEEDED_KEY", key)
            .WithEnvironment("MODE", "shared")
            .PublishAsRole("front", replicas: 1, ("MODE", "front"))
            .PublishRoleEnvironment("front", "FRONT_KEY", key)
            .PublishInitJob("migrate", ["migrate", "--all"], secrets: ["SHARED_KEY"]);

        var manifests = KubernetesPublisher.Render(builder.Resources,
            new KubernetesPublisherOptions { Parameters = new Dictionary<string, string> { ["api-key"] = "InitJobApiKeyForTests01" } });

        var job = manifests.Objects.OfType<Job>().Single();
        Assert.Equal("app-migrate", job.Metadata.Name);
        var container = job.Spec.Template.Spec.Containers.Single();
        Assert.Equal(["migrate", "--all"], container.Args);
        Assert.Equal("app:latest", container.Image);
        Assert.Equal([new NameReference("app-config")], container.EnvFrom!.Select(f => f.ConfigMapRef));
        Assert.Equal([("SHARED_KEY", new KeySelector("app-secrets", "SHARED_KEY"))], container.Env!.Select(e => (e.Name, e.ValueFrom!.SecretKeyRef!)));
    }
}
