extern alias apphost;

using System.Net;
using System.Net.Http.Json;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Hosting.Testing;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.AppHost;

/// <summary>The README's walk-through against the AppHost's own graph: resource <c>controlplane</c> with the local provisioner.</summary>
public sealed class ControlPlaneAppHostTests
{
    private const string AdminKey = "apphost-admin-key-0815-0815";

    [Fact]
    public async Task TenantIsProvisionedAndDiscoveredThroughTheAppHost()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>();
        builder.Configuration["Parameters:controlplane-admin-key"] = AdminKey;
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("controlplane", deadline.Token);

        using var admin = app.CreateHttpClient("controlplane");
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var created = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug = "acme", name = "Acme" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tenant = await ControlPlaneFixture.ReadAsync(created);
        var tenantId = (Guid)tenant["tenant"]!["id"]!;
        using var own = app.CreateHttpClient("controlplane");
        own.DefaultRequestHeaders.Add("X-Api-Key", (string)tenant["api_key"]!);
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "orders" })).StatusCode);

        string? url = null;
        await Eventually.WaitAsync(async () =>
            (url = (string?)(await ControlPlaneFixture.ReadAsync(await own.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances")))["url"]) is { Length: > 0 },
            TimeSpan.FromSeconds(30), "instance 1 discovered");
        var discovery = await ControlPlaneFixture.ReadAsync(await own.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances"));
        var credentials = discovery["credentials"]!;
        await using var worker = new NatsConnection(NatsOpts.Default with
        {
            Url = url!,
            AuthOpts = new NatsAuthOpts { Username = (string)credentials["user"]!, Password = (string)credentials["password"]! },
        });
        await worker.ConnectAsync();
        Assert.Equal("nats-acme-1", worker.ServerInfo?.ServerName);
        Assert.DoesNotContain(app.ResourceLogs.GetLines("controlplane"), l => l.Content.Contains((string)credentials["password"]!) || l.Content.Contains(AdminKey));
    }
}
