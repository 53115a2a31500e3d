using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

/// <summary>
/// Instances whose monitoring stops answering turn unhealthy after two failed polls, audited, and active again once
/// it answers. Their monitoring URLs are pointed elsewhere in the database: a dead port (connection refused) and one
/// the HTTP client refuses outright, which must fail only its own instance's poll, not the whole round.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class UnhealthyInstanceTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InstanceIsMarkedUnhealthyAfterTwoFailedPollsAndRecovers()
    {
        var refused = await StartInstanceAsync("deadport");
        var malformed = await StartInstanceAsync("badurl");
        await SetMonitorUrlAsync(refused.InstanceId, "http://127.0.0.1:1");
        await SetMonitorUrlAsync(malformed.InstanceId, "not-a-monitoring-url");

        foreach (var (tenantId, _, _) in new[] { refused, malformed })
        {
            await fixture.WaitForInstancesAsync(tenantId, a => (string)a[0]!["status"]! == "unhealthy", Timeout, "the instance is unhealthy");
            // The status is set before its audit record is written.
            var audit = await WaitForAuditAsync(tenantId, "instance.unhealthy");
            Assert.Equal("2 consecutive failed polls", (string)Assert.Single(audit)!["reason"]!);
        }

        await SetMonitorUrlAsync(refused.InstanceId, refused.MonitorUrl);
        await fixture.WaitForInstancesAsync(refused.TenantId, a => (string)a[0]!["status"]! == "active", Timeout, "the instance is active again");
        Assert.Single(await WaitForAuditAsync(refused.TenantId, "instance.recovered"));

        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{refused.TenantId}");
        await admin.DeleteAsync($"/api/v1/tenants/{malformed.TenantId}");
    }

    private async Task<(Guid TenantId, Guid InstanceId, string MonitorUrl)> StartInstanceAsync(string prefix)
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync(prefix);
        using var admin = fixture.Client();
        await admin.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "one" });
        var discovery = await fixture.WaitForInstancesAsync(tenantId, a => a.Count == 1 && (string)a[0]!["status"]! == "active" && a[0]!["monitor_url"] is not null,
            Timeout, "the first instance is active");
        var instance = discovery["instances"]![0]!;
        return (tenantId, (Guid)instance["id"]!, (string)instance["monitor_url"]!);
    }

    private async Task SetMonitorUrlAsync(Guid instanceId, string url)
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE nats_instances SET monitor_url = $2 WHERE id = $1", connection) { Parameters = { new() { Value = instanceId }, new() { Value = url } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<List<JsonNode?>> WaitForAuditAsync(Guid tenantId, string action)
    {
        using var admin = fixture.Client();
        var records = new List<JsonNode?>();
        await Eventually.WaitAsync(async () =>
        {
            var all = (await ControlPlaneFixture.ReadAsync(await admin.GetAsync($"/api/v1/tenants/{tenantId}/audit"))).AsArray();
            records = all.Where(r => (string)r!["action"]! == action).ToList();
            return records.Count > 0;
        }, Timeout, $"'{action}' is audited");
        return records;
    }
}
