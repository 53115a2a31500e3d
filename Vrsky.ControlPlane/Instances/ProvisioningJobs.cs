using System.Threading.Channels;
using Npgsql;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Instances;

public static class JobKind
{
    public const string Provision = "provision";
    public const string Deprovision = "deprovision";
}

public static class JobStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public sealed record ProvisioningJob(
    Guid Id, Guid TenantId, Guid NatsInstanceId, string Kind, string Status, int Progress, string Message, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary><c>provisioning_jobs</c> plus the in-memory queue the <see cref="ProvisioningWorker"/> reads (rows survive a restart, the queue is refilled from them).</summary>
public sealed class ProvisioningJobs(NpgsqlDataSource db)
{
    private const string Columns = "id, tenant_id, nats_instance_id, kind, status, progress, message, attempts, created_at, updated_at";
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    internal ChannelReader<Guid> Queue => _queue.Reader;

    public void Enqueue(Guid jobId) => _queue.Writer.TryWrite(jobId);

    public static async Task<Guid> CreateAsync(NpgsqlConnection connection, Guid tenantId, Guid instanceId, string kind, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(connection, $"INSERT INTO provisioning_jobs (id, tenant_id, nats_instance_id, kind, status) VALUES ($1, $2, $3, $4, '{JobStatus.Pending}')",
            cancellationToken, id, tenantId, instanceId, kind);
        return id;
    }

    public async Task<ProvisioningJob?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.SingleAsync(connection, $"SELECT {Columns} FROM provisioning_jobs WHERE id = $1", Read, cancellationToken, id);
    }

    public async Task<List<Guid>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await Sql.ListAsync(connection, $"SELECT id FROM provisioning_jobs WHERE status IN ('{JobStatus.Pending}', '{JobStatus.Running}') ORDER BY created_at",
            r => r.GetGuid(0), cancellationToken);
    }

    public async Task StartAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, $"""
            UPDATE provisioning_jobs SET status = '{JobStatus.Running}', progress = 10, message = 'started', attempts = attempts + 1, updated_at = now()
            WHERE id = $1
            """, cancellationToken, id);
    }

    /// <summary>Progress of a running job; a late report never overwrites a finished one.</summary>
    public async Task ReportAsync(Guid id, int progress, string message, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, $"UPDATE provisioning_jobs SET progress = $2, message = $3, updated_at = now() WHERE id = $1 AND status = '{JobStatus.Running}'",
            cancellationToken, id, progress, message);
    }

    public async Task FinishAsync(Guid id, bool succeeded, string message, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, $"""
            UPDATE provisioning_jobs SET status = $2, progress = CASE WHEN $3 THEN 100 ELSE progress END, message = $4, updated_at = now()
            WHERE id = $1
            """, cancellationToken, id, succeeded ? JobStatus.Succeeded : JobStatus.Failed, succeeded, message[..Math.Min(message.Length, 1000)]);
    }

    /// <summary>Puts a failed job back in the queue; null when there is no such job, false when it has not failed.</summary>
    public async Task<bool?> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var updated = await Sql.ExecuteAsync(connection, $"""
            UPDATE provisioning_jobs SET status = '{JobStatus.Pending}', message = 'retry requested', updated_at = now()
            WHERE id = $1 AND status = '{JobStatus.Failed}'
            """, cancellationToken, id);
        if (updated == 1)
        {
            Enqueue(id);
            return true;
        }

        return await GetAsync(id, cancellationToken) is null ? null : false;
    }

    private static ProvisioningJob Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetString(6), r.GetInt32(7),
        r.GetFieldValue<DateTimeOffset>(8), r.GetFieldValue<DateTimeOffset>(9));
}
