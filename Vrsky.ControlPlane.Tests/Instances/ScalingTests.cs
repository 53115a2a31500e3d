using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Instances;

[Collection(ControlPlaneCollection.Name)]
public sealed class ScalingTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FiftyOneIntegrationsGetASecondInstanceAndDeletingThemDrainsIt()
    {
        var (tenantId, slug, key) = await fixture.CreateTenantAsync("scale");
        using var client = fixture.Client(key);
        for (var i = 1; i <= 51; i++)
        {
            var created = await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = $"integration-{i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var discovery = await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 2 && i.All(x => (string)x!["status"]! == "active"), Timeout, "two active instances");
        var instances = discovery["instances"]!.AsArray();
        var urls = discovery["urls"]!.AsArray().Select(u => (string)u!).ToList();
        Assert.Equal(2, urls.Count);
        Assert.Equal(string.Join(",", urls), (string)discovery["url"]!);
        Assert.Equal([50, 1], instances.Select(i => (int)i!["integration_count"]!));
        var first = (Guid)instances[0]!["id"]!;
        var second = (Guid)instances[1]!["id"]!;

        // A worker joins both URLs into one and keeps working when the instance it is connected to dies.
        var credentials = discovery["credentials"]!;
        await using var worker = new NatsConnection(NatsOpts.Default with
        {
            Url = (string)discovery["url"]!,
            NoRandomize = true,
            ReconnectWait = TimeSpan.FromMilliseconds(100),
            AuthOpts = new NatsAuthOpts { Username = (string)credentials["user"]!, Password = (string)credentials["password"]! },
        });
        await worker.ConnectAsync();
        Assert.Equal($"nats-{slug}-1", worker.ServerInfo?.ServerName);
        var killed = fixture.Provisioner.GetPid(first)!.Value;
        Process.GetProcessById(killed).Kill();
        await RoundTripAsync(worker);
        // Instance 1 restarts only after a back-off, so the worker went on to the next URL of its list.
        Assert.Equal($"nats-{slug}-2", worker.ServerInfo?.ServerName);
        // The dead server comes back on its own, on the same URL.
        await Eventually.WaitAsync(() => fixture.Provisioner.GetPid(first) is { } pid && pid != killed, Timeout, "instance 1 restarted");

        // Scale down: 27 of instance 1's integrations go, leaving 23 + 1, so instance 2 is drained into instance 1.
        // (The autoscaler may drain it as soon as instance 1 has room for its one integration, before the last delete.)
        var secondPid = fixture.Provisioner.GetPid(second)!.Value;
        var integrations = (await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/integrations"))).AsArray();
        foreach (var integration in integrations.Where(i => (Guid)i!["nats_instance_id"]! == first).Take(27))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tenants/{tenantId}/integrations/{integration!["id"]}")).StatusCode);
        }

        discovery = await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 1, Timeout, "instance 2 terminated");
        Assert.Equal(24, (int)discovery["instances"]![0]!["integration_count"]!);
        var remaining = (await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/integrations"))).AsArray();
        Assert.All(remaining, i => Assert.Equal(first, (Guid)i!["nats_instance_id"]!));
        Assert.Null(fixture.Provisioner.GetPid(second));
        Assert.False(Processes.IsRunning(secondPid));

        var audit = (await ControlPlaneFixture.ReadAsync(await fixture.Client().GetAsync($"/api/v1/tenants/{tenantId}/audit"))).AsArray();
        var scaleDown = Assert.Single(audit, a => (string)a!["action"]! == "instance.scale_down");
        Assert.Equal("autoscaler", (string)scaleDown!["actor"]!);
        Assert.Contains("1 integrations (< 25)", (string)scaleDown["reason"]!);
        Assert.Contains(audit, a => (string)a!["action"]! == "instance.scale_up" && ((string)a["reason"]!).Contains("50"));
    }

    [Fact]
    public async Task ACredentialOfOneTenantCannotConnectToAnotherTenantsInstance()
    {
        var a = await ProvisionOneAsync("iso-a");
        var b = await ProvisionOneAsync("iso-b");

        await using var own = Connect(b.Url, b.Credentials);
        await own.ConnectAsync();
        await using var foreign = Connect(b.Url, a.Credentials);
        await Assert.ThrowsAnyAsync<NatsException>(async () => await foreign.ConnectAsync());
    }

    [Fact]
    public async Task ProvisioningJobReportsProgressAndDeprovisionStopsTheServer()
    {
        var tenant = await fixture.CreateTenantAsync("jobs");
        using var admin = fixture.Client();
        var accepted = await admin.PostAsync($"/api/v1/tenants/{tenant.Id}/nats-instances", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = (string)(await ControlPlaneFixture.ReadAsync(accepted))["job"]!;
        JsonNode? status = null;
        await Eventually.WaitAsync(async () => (string)(status = await ControlPlaneFixture.ReadAsync(await admin.GetAsync(job)))["status"]! is "succeeded" or "failed",
            Timeout, "provision job finished");
        Assert.Equal("succeeded", (string)status!["status"]!);
        Assert.Equal(100, (int)status!["progress"]!);
        var instanceId = (Guid)status["nats_instance_id"]!;
        var pid = fixture.Provisioner.GetPid(instanceId)!.Value;

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(job + "/retry", null)).StatusCode);
        var removal = await admin.DeleteAsync($"/api/v1/tenants/{tenant.Id}/nats-instances/1");
        Assert.Equal(HttpStatusCode.Accepted, removal.StatusCode);
        await fixture.WaitForInstancesAsync(tenant.Id, i => i.Count == 0, Timeout, "instance terminated");
        Assert.False(Processes.IsRunning(pid));
    }

    private async Task<(string Url, JsonNode Credentials)> ProvisionOneAsync(string prefix)
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync(prefix);
        using var client = fixture.Client(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "only" })).StatusCode);
        var discovery = await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 1 && (string)i[0]!["status"]! == "active", Timeout, "instance active");
        return ((string)discovery["url"]!, discovery["credentials"]!);
    }

    private static NatsConnection Connect(string url, JsonNode credentials) => new(NatsOpts.Default with
    {
        Url = url,
        MaxReconnect = 0,
        AuthOpts = new NatsAuthOpts { Username = (string)credentials["user"]!, Password = (string)credentials["password"]! },
    });

    /// <summary>Publishes until the worker's own subscription receives a message (reconnects may drop the first ones).</summary>
    private static async Task RoundTripAsync(NatsConnection worker)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        await using var sub = await worker.SubscribeCoreAsync<string>("worker.ping", cancellationToken: deadline.Token);
        while (true)
        {
            await worker.PublishAsync("worker.ping", "hello", cancellationToken: deadline.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var msg = await sub.Msgs.ReadAsync(wait.Token);
                Assert.Equal("hello", msg.Data);
                return;
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                // Not through yet: the worker is still reconnecting.
            }
        }
    }
}
