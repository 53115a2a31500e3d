using System.Text.Json.Nodes;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

/// <summary>
/// Scale-up by load with real traffic and real connections: an <see cref="IsolatedControlPlane"/> (its low limits never
/// touch the shared fixture's tenants) with 3 connections and 2000 msgs/s (for 2 s) as limits. Each test: a tenant
/// with 4 integrations, load on its instance, a second instance taking two of them.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LoadScalingTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const int MaxConnections = 3;
    private const int MaxMessageRate = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private IsolatedControlPlane _controlPlane = null!;

    private HttpClient Admin => _controlPlane.Admin;

    public async Task InitializeAsync() => _controlPlane = await IsolatedControlPlane.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["ControlPlane:Autoscaler:MaxConnections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ControlPlane:Autoscaler:MaxMessageRate"] = MaxMessageRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ControlPlane:Autoscaler:SustainedRateWindow"] = "00:00:02",
    });

    [Fact]
    public async Task TooManyConnectionsAddAnInstanceThatTakesHalfTheIntegrationsAndIsDrainedOnceTheyClose()
    {
        var (tenant, discovery) = await AutoscaledTenant.CreateAsync(Admin, "conns", Timeout);
        var connections = new List<NatsConnection>();
        try
        {
            for (var i = 0; i <= MaxConnections; i++)
            {
                var connection = new NatsConnection(AutoscaledTenant.ClientOpts(discovery, (string)discovery["url"]!));
                await connection.ConnectAsync();
                connections.Add(connection);
            }

            var scaled = await tenant.WaitForInstancesAsync(i => i.Count == 2 && i.All(x => (string)x!["status"]! == "active"), "a second active instance");
            await AssertRelievedAsync(tenant, scaled, $"{MaxConnections + 1} connections (> {MaxConnections})");

            // The clients stay on instance 1 until they reconnect, so it stays crowded: several more polls add nothing.
            await tenant.WaitForFourMorePollsAsync(1);
            Assert.Equal(2, (await tenant.DiscoverAsync())["instances"]!.AsArray().Count);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        // Load gone: the extra instance, holding 2 (< 25) integrations, is drained back into instance 1.
        var drained = await tenant.WaitForInstancesAsync(i => i.Count == 1, "instance 2 drained");
        Assert.Equal(4, (int)drained["instances"]![0]!["integration_count"]!);
    }

    [Fact]
    public async Task SustainedMessageRateAddsAnInstanceThatTakesHalfTheIntegrations()
    {
        var (tenant, discovery) = await AutoscaledTenant.CreateAsync(Admin, "rate", Timeout);
        await using var publisher = new NatsConnection(AutoscaledTenant.ClientOpts(discovery, (string)discovery["url"]!));
        await publisher.ConnectAsync();

        // Five times the limit, paced, until the autoscaler has acted.
        JsonNode scaled;
        await using (PacedLoad.Start(publisher, "load.rate", MaxMessageRate * 5))
        {
            scaled = await tenant.WaitForInstancesAsync(i => i.Count == 2 && i.All(x => (string)x!["status"]! == "active"), "a second active instance");
        }

        var audit = await AssertRelievedAsync(tenant, scaled, "msgs/s");
        var reason = (string)audit["reason"]!;
        Assert.Matches($@"^instance 1 sustained \d+ msgs/s \(> {MaxMessageRate}\) for [2-9]\d* s$", reason);
    }

    /// <summary>Instance 2 is reachable with the tenant's credentials and took 2 of the 4 integrations; the audit says why.</summary>
    private async Task<JsonNode> AssertRelievedAsync(AutoscaledTenant tenant, JsonNode discovery, string reason)
    {
        var instances = discovery["instances"]!.AsArray();
        Assert.Equal([2, 2], instances.Select(i => (int)i!["integration_count"]!));
        var urls = discovery["urls"]!.AsArray();
        Assert.Equal(2, urls.Count);
        await using (var second = new NatsConnection(AutoscaledTenant.ClientOpts(discovery, (string)urls[1]!) with { MaxReconnect = 0 }))
        {
            await second.ConnectAsync();
            Assert.EndsWith("-2", second.ServerInfo?.ServerName, StringComparison.Ordinal);
        }

        var integrations = await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenant.Id}/integrations"));
        Assert.Equal(2, integrations.AsArray().Count(i => (Guid)i!["nats_instance_id"]! == (Guid)instances[1]!["id"]!));

        var audit = (await ReadAsync(await Admin.GetAsync($"/api/v1/tenants/{tenant.Id}/audit"))).AsArray();
        var up = Assert.Single(audit, a => (string)a!["action"]! == "instance.scale_up" && (Guid)a["nats_instance_id"]! == (Guid)instances[1]!["id"]!)!;
        Assert.Equal("autoscaler", (string)up["actor"]!);
        Assert.Contains(reason, (string)up["reason"]!, StringComparison.Ordinal);
        var moved = up["details"]!["moved"]!;
        Assert.Equal(1, (int)moved["from_instance"]!);
        Assert.Equal(2, (int)moved["count"]!);
        Assert.NotNull(up["details"]!["figures"]);
        return up;
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
