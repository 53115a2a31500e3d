using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>
/// The autoscaler decides on a status read a moment earlier: its "recovered" and "unhealthy" land only if the instance
/// is still where it was, so they cannot bring back an instance a deprovision job took meanwhile.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class InstanceStatusTransitionTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task StatusChangesOnlyFromTheExpectedStatuses()
    {
        // Rows without a server or monitoring URL: a draining one keeps the autoscaler away from this tenant.
        var (tenantId, slug, _) = await fixture.CreateTenantAsync("transition");
        var store = fixture.App.Services.GetRequiredService<InstanceStore>();
        var number = 0;
        async Task<Guid> InstanceAsync(string status) => await InsertAsync(tenantId, ++number, $"nats-{slug}-{number}", status);
        var unhealthy = await InstanceAsync(InstanceStatus.Unhealthy);
        var active = await InstanceAsync(InstanceStatus.Active);
        var terminating = await InstanceAsync(InstanceStatus.Terminating);
        var terminated = await InstanceAsync(InstanceStatus.Terminated);
        var draining = await InstanceAsync(InstanceStatus.Draining);

        // Recovery: only from unhealthy.
        Assert.True(await store.SetStatusAsync(unhealthy, InstanceStatus.Active, [InstanceStatus.Unhealthy], CancellationToken.None));
        Assert.False(await store.SetStatusAsync(terminating, InstanceStatus.Active, [InstanceStatus.Unhealthy], CancellationToken.None));
        Assert.False(await store.SetStatusAsync(terminated, InstanceStatus.Active, [InstanceStatus.Unhealthy], CancellationToken.None));
        // Unhealthy: only a running instance not on its way out.
        Assert.True(await store.SetStatusAsync(active, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, CancellationToken.None));
        Assert.False(await store.SetStatusAsync(terminating, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, CancellationToken.None));
        Assert.False(await store.SetStatusAsync(terminated, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, CancellationToken.None));
        Assert.False(await store.SetStatusAsync(draining, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, CancellationToken.None));

        Assert.Equal(
            [InstanceStatus.Active, InstanceStatus.Unhealthy, InstanceStatus.Terminating, InstanceStatus.Terminated, InstanceStatus.Draining],
            await Task.WhenAll(new[] { unhealthy, active, terminating, terminated, draining }.Select(async id => (await store.GetAsync(id, CancellationToken.None))!.Status)));
        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{tenantId}");
    }

    private async Task<Guid> InsertAsync(Guid tenantId, int number, string dnsName, string status)
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO nats_instances (id, tenant_id, instance_number, dns_name, status) VALUES ($1, $2, $3, $4, $5)", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = tenantId }, new() { Value = number }, new() { Value = dnsName }, new() { Value = status } },
        };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return id;
    }
}
