using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Instances.Kubernetes;
using Vrsky.ControlPlane.Tenants;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Nats;

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
        var config = Path.Combine(_folder, "auth.conf");
        await File.WriteAllTextAsync(config, objects.Secret!.StringData["auth.conf"]);

        // The container's own arguments, with the mounted file and ports that are free on this machine.
        var args = objects.Deployment.Spec.Template.Spec.Containers[0].Args!.ToList();
        var port = FreePort();
        args[1] = config;
        args[args.IndexOf("-p") + 1] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        args[args.IndexOf("-m") + 1] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var server = Process.Start(new ProcessStartInfo("/usr/sbin/nats-server", args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            var url = $"nats://127.0.0.1:{port}";
            await Eventually.WaitAsync(async () => await CanConnectAsync(url, "acme", Password), TimeSpan.FromSeconds(20), "the tenant's user connects");
            Assert.False(await CanConnectAsync(url, "acme", "wrong-password"));
            Assert.False(await CanConnectAsync(url, null, null));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
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

    private static async Task<bool> CanConnectAsync(string url, string? user, string? password)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = url,
            MaxReconnect = 0,
            AuthOpts = user is null ? NatsAuthOpts.Default : new NatsAuthOpts { Username = user, Password = password },
        });
        try
        {
            await connection.ConnectAsync();
            return true;
        }
        catch (NatsException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static KubernetesProvisioner Create(ProvisionerOptions options, HttpClient http) =>
        new(Options.Create(options), new KubernetesApiClient(http, Options.Create(options)), NullLogger<KubernetesProvisioner>.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
