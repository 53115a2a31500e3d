using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

/// <summary>
/// A hot instance next to a quiet one, with real traffic: an <see cref="IsolatedControlPlane"/> with 2000 msgs/s for
/// 2 s as the limit and no scale-down (the quiet instance starts empty and would otherwise be drained at once).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RebalanceTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const int MaxMessageRate = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private IsolatedControlPlane _controlPlane = null!;

    private HttpClient Admin => _controlPlane.Admin;

    public async Task InitializeAsync() => _controlPlane = await IsolatedControlPlane.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["ControlPlane:Autoscaler:MaxMessageRate"] = MaxMessageRate.ToString(CultureInfo.InvariantCulture),
        ["ControlPlane:Autoscaler:SustainedRateWindow"] = "00:00:02",
        ["ControlPlane:Autoscaler:ScaleDownIntegrations"] = "0",
    });

    [Fact]
    public async Task SustainedRateOnOneInstanceMovesHalfItsIntegrationsToTheQuietOne()
    {
        var (tenant, _) = await AutoscaledTenant.CreateAsync(Admin, "rebalance", Timeout);
        var tenantId = tenant.Id;
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync($"/api/v1/tenants/{tenantId}/nats-instances", null)).StatusCode);
        var discovery = await tenant.WaitForInstancesAsync(i => i.Count == 2 && i.All(x => (string)x!["status"]! == "active"), "two active instances");
        Assert.Equal([4, 0], discovery["instances"]!.AsArray().Select(i => (int)i!["integration_count"]!));
        await using var publisher = new NatsConnection(AutoscaledTenant.ClientOpts(discovery, (string)discovery["urls"]![0]!));
        await publisher.ConnectAsync();
        Assert.EndsWith("-1", publisher.ServerInfo?.ServerName, StringComparison.Ordinal);

        // Five times the limit on instance 1 only; the assertions run while it lasts, so nothing else changes meanwhile.
        await using (PacedLoad.Start(publisher, "load.rebalance", MaxMessageRate * 5))
        {
            discovery = await tenant.WaitForInstancesAsync(i => (int)i[1]!["integration_count"]! > 0, "integrations moved to instance 2");
            var instances = discovery["instances"]!.AsArray();
            Assert.Equal(2, instances.Count);
            Assert.Equal([2, 2], instances.Select(i => (int)i!["integration_count"]!));

            var second = (Guid)instances[1]!["id"]!;
            var integrations = (await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenantId}/integrations"))).AsArray();
            var moved = integrations.Where(i => (Guid)i!["nats_instance_id"]! == second).ToList();
            Assert.Equal(2, moved.Count);
            // The newer half moved, and a single integration shows where it went.
            Assert.Equal(["i3", "i4"], moved.Select(i => (string)i!["name"]!).Order());
            var fetched = await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenantId}/integrations/{moved[0]!["id"]}"));
            Assert.Equal(second, (Guid)fetched["nats_instance_id"]!);

            var audit = (await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenantId}/audit"))).AsArray();
            var rebalance = Assert.Single(audit, a => (string)a!["action"]! == "instance.rebalance")!;
            Assert.Equal("autoscaler", (string)rebalance["actor"]!);
            Assert.Equal((Guid)instances[0]!["id"]!, (Guid)rebalance["nats_instance_id"]!);
            Assert.Matches($@"^instance 1 sustained \d+ msgs/s \(> {MaxMessageRate}\) for [2-9]\d* s$", (string)rebalance["reason"]!);
            var details = rebalance["details"]!;
            Assert.Equal((1, 2, 2), ((int)details["from_instance"]!, (int)details["to_instance"]!, (int)details["count"]!));
            Assert.NotNull(details["figures"]);
            Assert.DoesNotContain(audit, a => (string)a!["action"]! == "instance.scale_up" && (string)a["actor"]! == "autoscaler");

            // Instance 1 stays hot (its publisher does not move), yet within the cooldown nothing more moves.
            await tenant.WaitForFourMorePollsAsync(0);
            Assert.Equal([2, 2], (await tenant.DiscoverAsync())["instances"]!.AsArray().Select(i => (int)i!["integration_count"]!));
            Assert.Single((await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenantId}/audit"))).AsArray(), a => (string)a!["action"]! == "instance.rebalance");
        }
    }

    private static Task<JsonNode> ReadAsync(HttpResponseMessage response) => ControlPlaneFixture.ReadAsync(response);

    public async Task DisposeAsync()
    {
        if (_controlPlane is not null)
        {
            await _controlPlane.DisposeAsync();
        }
    }
}
