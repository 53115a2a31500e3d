using System.Security.Cryptography;
using Npgsql;
using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Tenants;

public sealed class TenantStore(NpgsqlDataSource db)
{
    private const string Columns = "id, slug, name, status, plan, max_integrations, created_at";

    /// <summary>Creates the tenant and its first API key; null when the slug is taken.</summary>
    public async Task<(Tenant Tenant, string ApiKey)?> CreateAsync(string slug, string name, string plan, int maxIntegrations, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var tenant = await Sql.SingleAsync(connection, $"""
            INSERT INTO tenants (id, slug, name, status, plan, max_integrations, nats_user, nats_password)
            VALUES ($1, $2, $3, '{TenantStatus.Active}', $4, $5, $2, $6)
            ON CONFLICT (slug) DO NOTHING
            RETURNING {Columns}
            """, Read, cancellationToken, Guid.CreateVersion7(), slug, name, plan, maxIntegrations, password);
        if (tenant is null)
        {
            return null;
        }

        var key = await ApiKeys.CreateAsync(connection, tenant.Id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (tenant, key);
    }

    public async Task<Tenant?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.SingleAsync(connection, $"SELECT {Columns} FROM tenants WHERE id = $1", Read, cancellationToken, id);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> tenants by slug (byte order, so the cursor compares like the order whatever the
    /// database's collation) after <paramref name="afterSlug"/>; only <paramref name="only"/> when given.
    /// </summary>
    public async Task<List<Tenant>> ListAsync(Guid? only, string? afterSlug, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, $"""
            SELECT {Columns} FROM tenants
            WHERE ($1::uuid IS NULL OR id = $1) AND ($2::text IS NULL OR slug COLLATE "C" > $2)
            ORDER BY slug COLLATE "C" LIMIT $3
            """, Read, cancellationToken,
            new NpgsqlParameter { Value = (object?)only ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = (object?)afterSlug ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }, limit);
    }

    public async Task<Tenant?> SetStatusAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.SingleAsync(connection, $"UPDATE tenants SET status = $2, updated_at = now() WHERE id = $1 RETURNING {Columns}", Read, cancellationToken, id, status);
    }

    public async Task<TenantNatsCredentials?> GetNatsCredentialsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.SingleAsync(connection, "SELECT nats_user, nats_password FROM tenants WHERE id = $1",
            r => new TenantNatsCredentials(r.GetString(0), r.GetString(1)), cancellationToken, id);
    }

    private static Tenant Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6));
}
