using System.Text.Json;
using Npgsql;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Integrations;

public enum IntegrationError
{
    None,
    NotFound,
    NameTaken,
    TenantFull,
    TenantSuspended,
}

public sealed class IntegrationStore(NpgsqlDataSource db, InstanceScaler scaler, ProvisioningJobs jobs)
{
    private const string Columns = """
        id, tenant_id, name, status, nats_instance_id, consumer_config::text, converters::text, filters::text, producer_config::text,
        max_retries, created_at, updated_at
        """;

    /// <summary>Places the integration on an instance with room (adding one when needed) and stores it, in one transaction.</summary>
    public async Task<(Integration? Integration, Guid? JobId, IntegrationError Error)> CreateAsync(Tenant tenant, IntegrationRequest request, string actor, CancellationToken cancellationToken)
    {
        if (tenant.Status != TenantStatus.Active)
        {
            return (null, null, IntegrationError.TenantSuspended);
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InstanceScaler.LockTenantAsync(connection, tenant.Id, cancellationToken);
        var existing = await Sql.ListAsync(connection, "SELECT count(*), count(*) FILTER (WHERE name = $2) FROM integrations WHERE tenant_id = $1",
            r => (All: r.GetInt64(0), Named: r.GetInt64(1)), cancellationToken, tenant.Id, request.Name!.Trim());
        if (existing[0].Named > 0)
        {
            return (null, null, IntegrationError.NameTaken);
        }

        if (existing[0].All >= tenant.MaxIntegrations)
        {
            return (null, null, IntegrationError.TenantFull);
        }

        var placement = await scaler.PlaceAsync(connection, tenant, actor, cancellationToken);
        var integration = await Sql.SingleAsync(connection, $"""
            INSERT INTO integrations (id, tenant_id, name, status, nats_instance_id, consumer_config, converters, filters, producer_config, max_retries)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING {Columns}
            """, Read, cancellationToken, Guid.CreateVersion7(), tenant.Id, request.Name.Trim(), request.Status ?? "active", placement.InstanceId,
            Json(request.ConsumerConfig, "{}"), Json(request.Converters, "[]"), Json(request.Filters, "[]"), Json(request.ProducerConfig, "{}"), request.MaxRetries ?? 3);
        await InstanceStore.RefreshCountsAsync(connection, tenant.Id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (placement.JobId is { } jobId)
        {
            jobs.Enqueue(jobId);
        }

        return (integration, placement.JobId, IntegrationError.None);
    }

    /// <summary>Up to <paramref name="limit"/> integrations after <paramref name="afterId"/>, by id (version 7: creation order).</summary>
    public async Task<List<Integration>> ListAsync(Guid tenantId, Guid? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, $"""
            SELECT {Columns} FROM integrations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3
            """, Read, cancellationToken, tenantId,
            new NpgsqlParameter { Value = (object?)afterId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid }, limit);
    }

    public async Task<Integration?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.SingleAsync(connection, $"SELECT {Columns} FROM integrations WHERE tenant_id = $1 AND id = $2", Read, cancellationToken, tenantId, id);
    }

    public async Task<(Integration? Integration, IntegrationError Error)> UpdateAsync(Guid tenantId, Guid id, IntegrationRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            var updated = await Sql.SingleAsync(connection, $"""
                UPDATE integrations SET
                    name = COALESCE($3, name), status = COALESCE($4, status),
                    consumer_config = COALESCE($5, consumer_config), converters = COALESCE($6, converters),
                    filters = COALESCE($7, filters), producer_config = COALESCE($8, producer_config),
                    max_retries = COALESCE($9, max_retries), updated_at = now()
                WHERE tenant_id = $1 AND id = $2
                RETURNING {Columns}
                """, Read, cancellationToken, tenantId, id, request.Name?.Trim(), request.Status,
                Json(request.ConsumerConfig, null), Json(request.Converters, null), Json(request.Filters, null), Json(request.ProducerConfig, null),
                new NpgsqlParameter { Value = (object?)request.MaxRetries ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            return updated is null ? (null, IntegrationError.NotFound) : (updated, IntegrationError.None);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (null, IntegrationError.NameTaken);
        }
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InstanceScaler.LockTenantAsync(connection, tenantId, cancellationToken);
        if (await Sql.ExecuteAsync(connection, "DELETE FROM integrations WHERE tenant_id = $1 AND id = $2", cancellationToken, tenantId, id) == 0)
        {
            return false;
        }

        await InstanceStore.RefreshCountsAsync(connection, tenantId, cancellationToken);
        await AuditLog.WriteAsync(connection, new AuditEntry(tenantId, null, actor, "integration.deleted", "API request", new { integration_id = id }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private static NpgsqlParameter Json(JsonElement? value, string? fallback) =>
        value is { } v ? Sql.Json(v.GetRawText())
        : fallback is not null ? Sql.Json(fallback)
        : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb };

    private static Integration Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.NullableGuid(4),
        Parse(r.GetString(5)), Parse(r.GetString(6)), Parse(r.GetString(7)), Parse(r.GetString(8)),
        r.GetInt32(9), r.GetFieldValue<DateTimeOffset>(10), r.GetFieldValue<DateTimeOffset>(11));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
