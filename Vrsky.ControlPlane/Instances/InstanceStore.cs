using Npgsql;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Instances;

/// <summary>Reads and writes <c>nats_instances</c>; methods taking a connection join the caller's transaction.</summary>
public sealed class InstanceStore(NpgsqlDataSource db)
{
    private const string Columns = """
        id, tenant_id, instance_number, dns_name, url, monitor_url, status, integration_count,
        message_rate_avg, connection_count, memory_usage_mb, last_polled_at
        """;

    public async Task<NatsInstance?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, id, cancellationToken);
    }

    public static Task<NatsInstance?> GetAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken) =>
        Sql.SingleAsync(connection, $"SELECT {Columns} FROM nats_instances WHERE id = $1", Read, cancellationToken, id);

    /// <summary>A tenant's instances by number; terminated ones only when asked for.</summary>
    public async Task<List<NatsInstance>> ListAsync(Guid tenantId, bool includeTerminated, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, tenantId, includeTerminated, cancellationToken);
    }

    public static Task<List<NatsInstance>> ListAsync(NpgsqlConnection connection, Guid tenantId, bool includeTerminated, CancellationToken cancellationToken) =>
        Sql.ListAsync(connection, $"""
            SELECT {Columns} FROM nats_instances
            WHERE tenant_id = $1 AND ($2 OR status <> '{InstanceStatus.Terminated}')
            ORDER BY instance_number
            """, Read, cancellationToken, tenantId, includeTerminated);

    /// <summary>Every instance that has (or should have) a running server, across tenants.</summary>
    public async Task<List<NatsInstance>> ListRunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, $"SELECT {Columns} FROM nats_instances WHERE status = ANY($1) ORDER BY tenant_id, instance_number",
            Read, cancellationToken, new NpgsqlParameter { Value = InstanceStatus.Serving.ToArray() });
    }

    /// <summary>Every instance not yet terminated, across tenants: what the autoscaler looks at.</summary>
    public async Task<List<NatsInstance>> ListLiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, $"SELECT {Columns} FROM nats_instances WHERE status <> '{InstanceStatus.Terminated}' ORDER BY tenant_id, instance_number",
            Read, cancellationToken);
    }

    /// <summary>
    /// Moves the instance to <paramref name="status"/> only if it is still in one of <paramref name="from"/>, in one
    /// statement: a decision made on a status read a moment ago (the autoscaler's) must not undo a deprovision job that
    /// marked the instance terminating or terminated meanwhile. False when it was not (any more) in one of them.
    /// </summary>
    public async Task<bool> SetStatusAsync(Guid id, string status, IReadOnlyList<string> from, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ExecuteAsync(connection, "UPDATE nats_instances SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3)",
            cancellationToken, id, status, new NpgsqlParameter { Value = from.ToArray() }) == 1;
    }

    /// <summary>Records where a provisioned instance runs; only an instance still wanted becomes active.</summary>
    public async Task<bool> MarkRunningAsync(Guid id, InstanceEndpoints endpoints, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ExecuteAsync(connection, $"""
            UPDATE nats_instances SET url = $2, monitor_url = $3, updated_at = now(),
                status = CASE WHEN status = '{InstanceStatus.Provisioning}' THEN '{InstanceStatus.Active}' ELSE status END
            WHERE id = $1 AND status NOT IN ('{InstanceStatus.Terminating}', '{InstanceStatus.Terminated}')
            """, cancellationToken, id, endpoints.ClientUrl, endpoints.MonitorUrl) == 1;
    }

    public async Task MarkTerminatedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, $"""
            UPDATE nats_instances SET status = '{InstanceStatus.Terminated}', url = NULL, monitor_url = NULL,
                message_rate_avg = 0, connection_count = 0, memory_usage_mb = 0, updated_at = now()
            WHERE id = $1
            """, cancellationToken, id);
    }

    public async Task RecordFiguresAsync(Guid id, double messageRate, int connections, double memoryMb, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, """
            UPDATE nats_instances SET message_rate_avg = $2, connection_count = $3, memory_usage_mb = $4, last_polled_at = now()
            WHERE id = $1
            """, cancellationToken, id, messageRate, connections, memoryMb);
    }

    /// <summary>Recounts the integrations placed on each of a tenant's instances.</summary>
    public static Task RefreshCountsAsync(NpgsqlConnection connection, Guid tenantId, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, """
            UPDATE nats_instances i SET integration_count = (SELECT count(*) FROM integrations g WHERE g.nats_instance_id = i.id)
            WHERE i.tenant_id = $1
            """, cancellationToken, tenantId);

    private static NatsInstance Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetString(3), r.NullableString(4), r.NullableString(5), r.GetString(6), r.GetInt32(7),
        r.GetDouble(8), r.GetInt32(9), r.GetDouble(10), r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11));
}
