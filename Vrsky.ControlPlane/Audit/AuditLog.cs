using System.Text.Json;
using Npgsql;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Audit;

/// <summary>One decision or change: who, what, why, and the figures it was based on.</summary>
public sealed record AuditEntry(Guid? TenantId, Guid? InstanceId, string Actor, string Action, string Reason, object Details);

public sealed record AuditRecord(long Id, Guid? TenantId, Guid? NatsInstanceId, string Actor, string Action, string Reason, JsonElement Details, DateTimeOffset CreatedAt);

public sealed class AuditLog(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await WriteAsync(connection, entry, cancellationToken);
    }

    /// <summary>Within the caller's transaction, so the record and the change commit together.</summary>
    public static Task WriteAsync(NpgsqlConnection connection, AuditEntry entry, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, "INSERT INTO audit_log (tenant_id, nats_instance_id, actor, action, reason, details) VALUES ($1, $2, $3, $4, $5, $6)",
            cancellationToken, entry.TenantId, entry.InstanceId, entry.Actor, entry.Action, entry.Reason,
            Sql.Json(JsonSerializer.Serialize(entry.Details, entry.Details.GetType(), Json)));

    /// <summary>Up to <paramref name="limit"/> of a tenant's records older than <paramref name="beforeId"/> (all when null), newest first.</summary>
    public async Task<List<AuditRecord>> ListAsync(Guid tenantId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, """
            SELECT id, tenant_id, nats_instance_id, actor, action, reason, details::text, created_at
            FROM audit_log WHERE tenant_id = $1 AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $2
            """,
            r => new AuditRecord(r.GetInt64(0), r.NullableGuid(1), r.NullableGuid(2), r.GetString(3), r.GetString(4), r.GetString(5),
                JsonDocument.Parse(r.GetString(6)).RootElement.Clone(), r.GetFieldValue<DateTimeOffset>(7)),
            cancellationToken, tenantId, limit, new NpgsqlParameter { Value = (object?)beforeId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
    }
}
