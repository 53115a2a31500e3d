using Microsoft.Extensions.Options;
using Npgsql;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Autoscaling;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Tenants;
using Vrsky.Hosting.Publishing.Kubernetes;

namespace Vrsky.ControlPlane.Instances;

/// <summary>Where an integration went, and the job that starts its instance when one had to be added.</summary>
public sealed record Placement(Guid InstanceId, Guid? JobId);

/// <summary>
/// Adds, drains and removes a tenant's instances. Every change runs in one transaction holding the tenant's row
/// lock, so placements, the autoscaler and API calls for one tenant never interleave, and is audited in it.
/// </summary>
public sealed class InstanceScaler(NpgsqlDataSource db, ProvisioningJobs jobs, IInstanceProvisioner provisioner, TenantStore tenants, IOptions<AutoscalerOptions> options)
{
    /// <summary>Integrations an instance takes before another is added.</summary>
    private int Capacity => options.Value.ScaleUpIntegrations;

    public static Task LockTenantAsync(NpgsqlConnection connection, Guid tenantId, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, "SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE", cancellationToken, tenantId);

    /// <summary>
    /// The lowest-numbered instance with room, inside the caller's transaction (tenant locked); when none has room,
    /// a new instance is added (the tenant's first, or one more because all are full). Enqueue the job after commit.
    /// </summary>
    public async Task<Placement> PlaceAsync(NpgsqlConnection connection, Tenant tenant, string actor, CancellationToken cancellationToken)
    {
        var current = await InstanceStore.ListAsync(connection, tenant.Id, includeTerminated: false, cancellationToken);
        if (current.FirstOrDefault(i => InstanceStatus.Placeable.Contains(i.Status) && i.IntegrationCount < Capacity) is { } room)
        {
            return new Placement(room.Id, null);
        }

        var reason = current.Count == 0 ? "first integration of the tenant" : $"no instance has room (each holds ≥ {Capacity} integrations)";
        var (instanceId, jobId) = await AddInstanceAsync(connection, tenant.Id, actor, reason,
            new { integrations = current.Select(i => new { i.InstanceNumber, i.IntegrationCount }), threshold = Capacity }, relieve: null, cancellationToken);
        return new Placement(instanceId, jobId);
    }

    /// <summary>
    /// Adds an instance to a tenant and starts provisioning it. With <paramref name="onlyIfSettled"/> (the autoscaler,
    /// deciding on figures read a moment ago) nothing happens while another instance is still starting or stopping.
    /// With <paramref name="relieve"/> (an instance under load), half of that instance's integrations move to the new one.
    /// </summary>
    public async Task<(Guid InstanceId, Guid JobId)?> ScaleUpAsync(
        Guid tenantId, string actor, string reason, object figures, bool onlyIfSettled, Guid? relieve, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockTenantAsync(connection, tenantId, cancellationToken);
        if (onlyIfSettled && (await InstanceStore.ListAsync(connection, tenantId, includeTerminated: false, cancellationToken))
                .Any(i => i.Status is InstanceStatus.Provisioning or InstanceStatus.Draining or InstanceStatus.Terminating))
        {
            return null;
        }

        var added = await AddInstanceAsync(connection, tenantId, actor, reason, figures, relieve, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        jobs.Enqueue(added.JobId);
        return added;
    }

    /// <summary>
    /// Moves up to half of <paramref name="from"/>'s integrations onto <paramref name="to"/>, at most <paramref name="limit"/>
    /// and never filling <paramref name="to"/> to the scale-up threshold, and audits it. Returns how many moved; null when
    /// nothing did: another instance is starting or stopping, either one is not active, or there is nothing to move.
    /// </summary>
    public async Task<int?> RebalanceAsync(
        Guid tenantId, Guid from, Guid to, int limit, string actor, string reason, object figures, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockTenantAsync(connection, tenantId, cancellationToken);
        var current = await InstanceStore.ListAsync(connection, tenantId, includeTerminated: false, cancellationToken);
        var source = current.FirstOrDefault(i => i.Id == from);
        var target = current.FirstOrDefault(i => i.Id == to);
        if (current.Any(i => i.Status is InstanceStatus.Provisioning or InstanceStatus.Draining or InstanceStatus.Terminating)
            || source?.Status is not (InstanceStatus.Active or InstanceStatus.Scaling) || target?.Status is not (InstanceStatus.Active or InstanceStatus.Scaling))
        {
            return null;
        }

        var moved = await MoveHalfAsync(connection, tenantId, source.Id, to, Math.Min(limit, Capacity - 1 - target.IntegrationCount), cancellationToken);
        if (moved == 0)
        {
            return null;
        }

        await AuditLog.WriteAsync(connection, new AuditEntry(tenantId, from, actor, "instance.rebalance", reason,
            new { from_instance = source.InstanceNumber, to_instance = target.InstanceNumber, count = moved, figures }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return moved;
    }

    /// <summary>
    /// Moves every integration off an instance onto the tenant's other active instances (none filled to the scale-up
    /// threshold), then deprovisions it. Null when it cannot be drained: unknown, not running, or no room elsewhere.
    /// </summary>
    public async Task<(Guid JobId, int Moved)?> DrainAsync(Guid instanceId, string actor, string reason, object figures, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var instance = await InstanceStore.GetAsync(connection, instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        await LockTenantAsync(connection, instance.TenantId, cancellationToken);
        instance = await InstanceStore.GetAsync(connection, instanceId, cancellationToken);
        if (instance is null || instance.Status is InstanceStatus.Draining or InstanceStatus.Terminating or InstanceStatus.Terminated)
        {
            return null;
        }

        var placed = await Sql.ListAsync(connection, "SELECT id FROM integrations WHERE nats_instance_id = $1 ORDER BY created_at", r => r.GetGuid(0), cancellationToken, instanceId);
        var others = (await InstanceStore.ListAsync(connection, instance.TenantId, includeTerminated: false, cancellationToken))
            .Where(i => i.Id != instanceId && i.Status is InstanceStatus.Active or InstanceStatus.Scaling).ToList();
        if (others.Sum(o => Math.Max(0, Capacity - 1 - o.IntegrationCount)) < placed.Count)
        {
            return null;
        }

        await Sql.ExecuteAsync(connection, $"UPDATE nats_instances SET status = '{InstanceStatus.Draining}', updated_at = now() WHERE id = $1", cancellationToken, instanceId);
        var remaining = placed;
        var moves = new List<object>();
        foreach (var other in others)
        {
            var batch = remaining.Take(Math.Max(0, Capacity - 1 - other.IntegrationCount)).ToArray();
            if (batch.Length == 0)
            {
                continue;
            }

            await Sql.ExecuteAsync(connection, "UPDATE integrations SET nats_instance_id = $1, updated_at = now() WHERE id = ANY($2)", cancellationToken, other.Id, batch);
            moves.Add(new { to_instance = other.InstanceNumber, count = batch.Length });
            remaining = remaining[batch.Length..];
        }

        await InstanceStore.RefreshCountsAsync(connection, instance.TenantId, cancellationToken);
        var jobId = await ProvisioningJobs.CreateAsync(connection, instance.TenantId, instanceId, JobKind.Deprovision, cancellationToken);
        await AuditLog.WriteAsync(connection, new AuditEntry(instance.TenantId, instanceId, actor, "instance.scale_down", reason,
            new { instance_number = instance.InstanceNumber, figures, moved = moves }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        jobs.Enqueue(jobId);
        return (jobId, placed.Count);
    }

    /// <summary>
    /// Deletes a tenant: under its lock, so no integration is placed and no instance added meanwhile, every server
    /// is stopped right away (rather than through jobs), then the row goes with everything that references it.
    /// False when there is no such tenant. A provision job already running finds its instance gone and stops it.
    /// </summary>
    public async Task<bool> DeleteTenantAsync(Guid tenantId, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await LockTenantAsync(connection, tenantId, cancellationToken);
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        var credentials = await tenants.GetNatsCredentialsAsync(tenantId, cancellationToken);
        if (tenant is null || credentials is null)
        {
            return false;
        }

        foreach (var instance in await InstanceStore.ListAsync(connection, tenantId, includeTerminated: false, cancellationToken))
        {
            await provisioner.DeprovisionAsync(new InstanceSpec(instance.Id, tenant.Slug, instance.InstanceNumber, credentials), cancellationToken);
        }

        await Sql.ExecuteAsync(connection, "DELETE FROM tenants WHERE id = $1", cancellationToken, tenantId);
        await AuditLog.WriteAsync(connection, new AuditEntry(tenantId, null, actor, "tenant.deleted", "API request", new { }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes the lowest free instance number (a terminated instance's row is reused), moves integrations off
    /// <paramref name="relieve"/> onto it, adds a provision job, audits.
    /// </summary>
    private static async Task<(Guid InstanceId, Guid JobId)> AddInstanceAsync(
        NpgsqlConnection connection, Guid tenantId, string actor, string reason, object figures, Guid? relieve, CancellationToken cancellationToken)
    {
        var slug = (await Sql.ListAsync(connection, "SELECT slug FROM tenants WHERE id = $1", r => r.GetString(0), cancellationToken, tenantId)).Single();
        var rows = await Sql.ListAsync(connection, "SELECT id, instance_number, status FROM nats_instances WHERE tenant_id = $1",
            r => (Id: r.GetGuid(0), Number: r.GetInt32(1), Status: r.GetString(2)), cancellationToken, tenantId);
        var number = Enumerable.Range(1, rows.Count + 1).First(n => !rows.Any(r => r.Number == n && r.Status != InstanceStatus.Terminated));
        var reused = rows.FirstOrDefault(r => r.Number == number);
        var instanceId = reused.Id == Guid.Empty ? Guid.CreateVersion7() : reused.Id;
        await Sql.ExecuteAsync(connection, $"""
            INSERT INTO nats_instances (id, tenant_id, instance_number, dns_name, status) VALUES ($1, $2, $3, $4, '{InstanceStatus.Provisioning}')
            ON CONFLICT (tenant_id, instance_number) DO UPDATE SET status = '{InstanceStatus.Provisioning}', url = NULL, monitor_url = NULL,
                integration_count = 0, message_rate_avg = 0, connection_count = 0, memory_usage_mb = 0, last_polled_at = NULL, updated_at = now()
            """, cancellationToken, instanceId, tenantId, number, TenantNatsRenderer.Name(slug, number));
        var source = rows.FirstOrDefault(r => r.Id == relieve);
        var moved = source.Id == Guid.Empty ? null
            : new { from_instance = source.Number, count = await MoveHalfAsync(connection, tenantId, source.Id, instanceId, int.MaxValue, cancellationToken) };
        var jobId = await ProvisioningJobs.CreateAsync(connection, tenantId, instanceId, JobKind.Provision, cancellationToken);
        await AuditLog.WriteAsync(connection, new AuditEntry(tenantId, instanceId, actor, "instance.scale_up", reason,
            new { instance_number = number, figures, moved }), cancellationToken);
        return (instanceId, jobId);
    }

    /// <summary>
    /// Moves the newer half of an instance's integrations, at most <paramref name="limit"/>, onto another. Load is measured
    /// per instance, not per integration, so half the integrations is the best estimate of half the load; workers follow
    /// through discovery.
    /// </summary>
    private static async Task<int> MoveHalfAsync(
        NpgsqlConnection connection, Guid tenantId, Guid from, Guid to, int limit, CancellationToken cancellationToken)
    {
        var placed = await Sql.ListAsync(connection, "SELECT id FROM integrations WHERE nats_instance_id = $1 ORDER BY created_at DESC",
            r => r.GetGuid(0), cancellationToken, from);
        var batch = placed.Take(Math.Max(0, Math.Min(placed.Count / 2, limit))).ToArray();
        await Sql.ExecuteAsync(connection, "UPDATE integrations SET nats_instance_id = $1, updated_at = now() WHERE id = ANY($2)", cancellationToken, to, batch);
        await InstanceStore.RefreshCountsAsync(connection, tenantId, cancellationToken);
        return batch.Length;
    }
}
