using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Instances.Kubernetes;
using Vrsky.ControlPlane.Tenants;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Hosting.Publishing.Kubernetes;

namespace Vrsky.ControlPlane.Tests.Instances;

public sealed class KubernetesProvisionerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vrsky-k8s-").FullName;
    private const string Password = "4f1c0ffee0ddba11";
    private static readonly InstanceSpec Spec = new(Guid.NewGuid(), "acme", 2, new TenantNatsCredentials("acme", Password));

    /// <summary>Dry run by a control plane in namespace vrsky (its autoscaler polls the instances), as the Kubernetes output configures it.</summary>
    private ProvisionerOptions DryRun => new()
    {
        Kind = ProvisionerOptions.Kubernetes,
        DryRunDirectory = _folder,
        MonitorNamespace = "vrsky",
        MonitorApp = "controlplane",
    };

    [Fact]
    public async Task DryRunWritesValidObjectsWithTheTenantsCredentialsInASecretAndDeprovisionRemovesThem()
    {
        var provisioner = Create(DryRun, new HttpClient());

        var endpoints = await provisioner.ProvisionAsync(Spec, new Progress<string>());
        var path = Path.Combine(_folder, "nats-acme-2.yaml");
        var yaml = await File.ReadAllTextAsync(path);

        Assert.Equal("nats://nats-acme-2.vrsky-tenants.svc.cluster.local:4222", endpoints.ClientUrl);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await K8sValidate.AssertValidAsync(path, objects: 4);

        // The written file is the renderer's output, with the password only in the Secret the pod mounts as the server's config.
        var objects = Rendered();
        Assert.Equal(objects.ToYaml(), yaml);
        Assert.Equal(["Secret", "Deployment", "Service", "NetworkPolicy"], objects.All.Select(o => o.Kind));
        Assert.All(objects.All, o => Assert.Equal("vrsky-tenants", o.Metadata.Namespace));
        Assert.Equal("tenant-nats-isolation-acme-2", objects.NetworkPolicy.Metadata.Name);
        // The control plane's autoscaler may poll the monitoring port, besides the monitoring namespace.
        var monitors = objects.NetworkPolicy.Spec.Ingress![1].From;
        Assert.Equal(["vrsky-monitoring", "vrsky"], monitors.Select(p => p.NamespaceSelector!.MatchLabels!["kubernetes.io/metadata.name"]));
        Assert.Equal("controlplane", monitors[1].PodSelector!.MatchLabels!["app.kubernetes.io/name"]);
        Assert.Equal("nats-acme-2-auth", objects.Secret!.Metadata.Name);
        Assert.Equal($"authorization {{ user: \"acme\", password: \"{Password}\" }}\n", objects.Secret.StringData["auth.conf"]);
        Assert.Single(yaml.Split('\n'), l => l.Contains(Password, StringComparison.Ordinal));
        var pod = objects.Deployment.Spec.Template.Spec;
        Assert.Equal("nats-acme-2-auth", Assert.Single(pod.Volumes!).Secret!.SecretName);
        var container = Assert.Single(pod.Containers);
        Assert.Equal("/etc/nats-auth", Assert.Single(container.VolumeMounts!).MountPath);
        Assert.Equal(["-c", "/etc/nats-auth/auth.conf"], container.Args!.Take(2));

        await provisioner.DeprovisionAsync(Spec);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task RenderedCredentialsAreWhatARealNatsServerDemands()
    {
        var provisioner = Create(DryRun, new HttpClient());
        await provisioner.ProvisionAsync(Spec, new Progress<string>());
        var objects = Rendered();
        Assert.Equal(objects.ToYaml(), await File.ReadAllTextAsync(Path.Combine(_folder, "nats-acme-2.yaml")));
        await using var server = await RenderedTenantNats.StartAsync(objects.Deployment.Spec.Template.Spec.Containers[0].Args!, objects.Secret!.StringData["auth.conf"]);

        Assert.True(await RenderedTenantNats.CanConnectAsync(server.Url, "acme", Password), server.Output);
        Assert.False(await RenderedTenantNats.CanConnectAsync(server.Url, "acme", "wrong-password"));
        Assert.False(await RenderedTenantNats.CanConnectAsync(server.Url, null, null));
    }

    [Fact]
    public async Task AppliesEachObjectWithTheServiceAccountTokenAndDeletesThemOnDeprovision()
    {
        var tokenPath = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenPath, "sa-token-123\n");
        await using var api = await FakeKubernetesApi.StartAsync();
        var provisioner = Create(new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, ApiServer = api.Address, TokenPath = tokenPath }, new HttpClient());

        await provisioner.ProvisionAsync(Spec, new Progress<string>());
        await provisioner.DeprovisionAsync(Spec);

        var calls = api.Requests.ToList();
        Assert.All(calls, c => Assert.Equal("Bearer sa-token-123", c.Authorization));
        var applies = calls.Where(c => c.Method == "PATCH").ToList();
        Assert.Equal(
            [
                "/api/v1/namespaces/vrsky-tenants/secrets/nats-acme-2-auth",
                "/apis/apps/v1/namespaces/vrsky-tenants/deployments/nats-acme-2",
                "/api/v1/namespaces/vrsky-tenants/services/nats-acme-2",
                "/apis/networking.k8s.io/v1/namespaces/vrsky-tenants/networkpolicies/tenant-nats-isolation-acme-2",
            ],
            applies.Select(c => c.Path));
        Assert.All(applies, c => Assert.Equal("application/apply-patch+yaml", c.ContentType));
        Assert.Contains("\"kind\":\"NetworkPolicy\"", applies[3].Body);
        Assert.Contains(calls, c => c.Method == "GET" && c.Path.EndsWith("/deployments/nats-acme-2", StringComparison.Ordinal));
        Assert.Equal(4, calls.Count(c => c.Method == "DELETE"));
    }

    [Fact]
    public async Task DeprovisionOfObjectsAlreadyGoneSucceedsButARefusedDeleteFails()
    {
        var tokenPath = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenPath, "sa-token-123");
        var options = (FakeKubernetesApi api) => new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, ApiServer = api.Address, TokenPath = tokenPath };

        // Deleted by hand, or by an earlier attempt of the same job: every object answers 404.
        await using (var gone = await FakeKubernetesApi.StartAsync(objectsGone: true))
        {
            await Create(options(gone), new HttpClient()).DeprovisionAsync(Spec);
            Assert.Equal(4, gone.Requests.Count(r => r.Method == "DELETE"));
        }

        await using var refusing = await FakeKubernetesApi.StartAsync(refuseFirst: int.MaxValue);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(options(refusing), new HttpClient()).DeprovisionAsync(Spec));
        Assert.Contains("403", error.Message);
    }

    [Fact]
    public async Task RefusalByTheApiServerFailsTheProvisioningWithItsMessage()
    {
        var tokenPath = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenPath, "sa-token-123");
        await using var api = await FakeKubernetesApi.StartAsync(refuseFirst: int.MaxValue);
        var provisioner = Create(new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, ApiServer = api.Address, TokenPath = tokenPath }, new HttpClient());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.ProvisionAsync(Spec, new Progress<string>()));
        Assert.Contains("403", error.Message);
        Assert.Contains("cannot patch deployments", error.Message);
        Assert.DoesNotContain("sa-token-123", error.Message);
    }

    private static TenantNatsObjects Rendered() =>
        TenantNatsRenderer.Render("acme", 2, TenantNatsOptions.Default with { Monitors = [new TenantNatsMonitor("vrsky", "controlplane")] },
            new TenantNatsAuth("acme", Password));

    private static KubernetesProvisioner Create(ProvisionerOptions options, HttpClient http) =>
        new(Options.Create(options), new KubernetesApiClient(http, Options.Create(options)), NullLogger<KubernetesProvisioner>.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
