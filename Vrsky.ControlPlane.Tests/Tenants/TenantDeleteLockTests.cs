using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Tenants;

/// <summary>
/// Deleting a tenant takes the tenant lock that placing an integration takes, before it stops anything: otherwise an
/// integration created meanwhile could start an instance that outlives the tenant.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class TenantDeleteLockTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeleteWaitsForTheTenantLockBeforeStoppingInstances()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync("dellock");
        using var admin = fixture.Client();
        await admin.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "one" });
        var discovery = await fixture.WaitForInstancesAsync(tenantId, a => a.Count == 1 && (string)a[0]!["status"]! == "active", Timeout, "the instance is active");
        var instanceId = (Guid)discovery["instances"]![0]!["id"]!;
        Assert.NotNull(fixture.Provisioner.GetPid(instanceId));

        // Hold the tenant's lock, as an integration being placed does.
        await using var holder = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", holder, tx) { Parameters = { new() { Value = tenantId } } })
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        var delete = admin.DeleteAsync($"/api/v1/tenants/{tenantId}");
        await Eventually.WaitAsync(async () => await BlockedOnAsync(holder.ProcessID) > 0, Timeout, "the delete waits for the tenant lock");

        Assert.False(delete.IsCompleted);
        Assert.NotNull(fixture.Provisioner.GetPid(instanceId));

        await tx.RollbackAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
        Assert.Null(fixture.Provisioner.GetPid(instanceId));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/tenants/{tenantId}")).StatusCode);
    }

    /// <summary>How many database sessions wait for a lock the session <paramref name="pid"/> holds.</summary>
    private async Task<long> BlockedOnAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", connection)
        {
            Parameters = { new() { Value = pid } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
