using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Instances.Kubernetes;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Tests.Instances;

public sealed class KubernetesProvisionerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vrsky-k8s-").FullName;
    private static readonly InstanceSpec Spec = new(Guid.NewGuid(), "acme", 2, new TenantNatsCredentials("acme", "secret"));

    [Fact]
    public async Task DryRunWritesTheRenderedObjectsAndDeprovisionRemovesThem()
    {
        var provisioner = Create(new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, DryRunDirectory = _folder }, new HttpClient());

        var endpoints = await provisioner.ProvisionAsync(Spec, new Progress<string>());
        var yaml = await File.ReadAllTextAsync(Path.Combine(_folder, "nats-acme-2.yaml"));

        Assert.Equal("nats://nats-acme-2.vrsky-tenants.svc.cluster.local:4222", endpoints.ClientUrl);
        Assert.Contains("kind: Deployment", yaml);
        Assert.Contains("kind: Service", yaml);
        Assert.Contains("kind: NetworkPolicy", yaml);
        Assert.Contains("name: tenant-nats-isolation-acme-2", yaml);
        Assert.Contains("namespace: vrsky-tenants", yaml);
        Assert.DoesNotContain("secret", yaml);

        await provisioner.DeprovisionAsync(Spec);
        Assert.False(File.Exists(Path.Combine(_folder, "nats-acme-2.yaml")));
    }

    [Fact]
    public async Task AppliesEachObjectWithTheServiceAccountTokenAndDeletesThemOnDeprovision()
    {
        var tokenPath = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenPath, "sa-token-123\n");
        var requests = new ConcurrentQueue<(string Method, string Path, string? Auth, string? ContentType, string Body)>();
        await using var api = await FakeApiServerAsync(requests);
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var provisioner = Create(new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, ApiServer = address, TokenPath = tokenPath }, new HttpClient());

        await provisioner.ProvisionAsync(Spec, new Progress<string>());
        await provisioner.DeprovisionAsync(Spec);

        var calls = requests.ToList();
        Assert.All(calls, c => Assert.Equal("Bearer sa-token-123", c.Auth));
        var applies = calls.Where(c => c.Method == "PATCH").ToList();
        Assert.Equal(
            [
                "/apis/apps/v1/namespaces/vrsky-tenants/deployments/nats-acme-2",
                "/api/v1/namespaces/vrsky-tenants/services/nats-acme-2",
                "/apis/networking.k8s.io/v1/namespaces/vrsky-tenants/networkpolicies/tenant-nats-isolation-acme-2",
            ],
            applies.Select(c => c.Path));
        Assert.All(applies, c => Assert.Equal("application/apply-patch+yaml", c.ContentType));
        Assert.Contains("\"kind\":\"NetworkPolicy\"", applies[2].Body);
        Assert.Contains(calls, c => c.Method == "GET" && c.Path.EndsWith("/deployments/nats-acme-2", StringComparison.Ordinal));
        Assert.Equal(3, calls.Count(c => c.Method == "DELETE"));
    }

    [Fact]
    public async Task RefusalByTheApiServerFailsTheProvisioningWithItsMessage()
    {
        var tokenPath = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenPath, "sa-token-123");
        await using var api = await FakeApiServerAsync(new ConcurrentQueue<(string, string, string?, string?, string)>(), refuse: true);
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var provisioner = Create(new ProvisionerOptions { Kind = ProvisionerOptions.Kubernetes, ApiServer = address, TokenPath = tokenPath }, new HttpClient());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.ProvisionAsync(Spec, new Progress<string>()));
        Assert.Contains("403", error.Message);
        Assert.Contains("cannot patch deployments", error.Message);
        Assert.DoesNotContain("sa-token-123", error.Message);
    }

    private static KubernetesProvisioner Create(ProvisionerOptions options, HttpClient http) =>
        new(Options.Create(options), new KubernetesApiClient(http, Options.Create(options)), NullLogger<KubernetesProvisioner>.Instance);

    private static async Task<WebApplication> FakeApiServerAsync(ConcurrentQueue<(string, string, string?, string?, string)> requests, bool refuse = false)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            requests.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body));
            context.Response.ContentType = "application/json";
            if (refuse)
            {
                context.Response.StatusCode = (int)HttpStatusCode.Forbidden;
                await context.Response.WriteAsync("""{"kind":"Status","message":"deployments is forbidden: User cannot patch deployments"}""");
                return;
            }

            await context.Response.WriteAsync("""{"status":{"readyReplicas":1}}""");
        });
        await app.StartAsync();
        return app;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
