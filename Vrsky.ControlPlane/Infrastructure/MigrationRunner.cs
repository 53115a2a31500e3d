using Npgsql;

namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>Applies pending <see cref="Migrations"/> before the API listens; replicas take turns on an advisory lock.</summary>
internal sealed class MigrationRunner(NpgsqlDataSource db, ILogger<MigrationRunner> logger) : IHostedService
{
    private const long LockId = 0x7672736B7901;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockId})", cancellationToken);
        await Sql.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);
        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var (version, name, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await Sql.ExecuteAsync(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection)
            {
                Parameters = { new() { Value = version }, new() { Value = name } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            ControlPlaneLog.MigrationApplied(logger, version, name);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
