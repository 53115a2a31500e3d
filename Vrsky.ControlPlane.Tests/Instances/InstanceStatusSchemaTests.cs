using Npgsql;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>The schema's CHECK on <c>nats_instances.status</c> and <see cref="InstanceStatus.All"/> list the same values.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class InstanceStatusSchemaTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task EveryStatusOfTheCodeIsAcceptedByTheSchemaAndNothingElse()
    {
        var (tenantId, slug, _) = await fixture.CreateTenantAsync("status");
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();

        var number = 0;
        foreach (var status in InstanceStatus.All)
        {
            Assert.Equal(1, await InsertAsync(connection, tx, tenantId, ++number, $"nats-{slug}-{number}", status));
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connection, tx, tenantId, ++number, $"nats-{slug}-{number}", "stopped"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        await tx.RollbackAsync();
    }

    private static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, int number, string dnsName, string status)
    {
        await using var command = new NpgsqlCommand("INSERT INTO nats_instances (id, tenant_id, instance_number, dns_name, status) VALUES ($1, $2, $3, $4, $5)", connection, tx)
        {
            Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = tenantId }, new() { Value = number }, new() { Value = dnsName }, new() { Value = status } },
        };
        return await command.ExecuteNonQueryAsync();
    }
}
