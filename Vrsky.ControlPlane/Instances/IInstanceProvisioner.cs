using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Instances;

/// <summary>What to run: tenant NATS instance <c>nats-{slug}-{n}</c>, with the tenant's credentials.</summary>
public sealed record InstanceSpec(Guid InstanceId, string TenantSlug, int InstanceNumber, TenantNatsCredentials Credentials);

/// <summary>Where it runs: the client URL workers join, the monitoring base URL the autoscaler polls.</summary>
public sealed record InstanceEndpoints(string ClientUrl, string MonitorUrl);

/// <summary>
/// Runs tenant NATS instances. Both operations are idempotent: provisioning a running instance returns its
/// endpoints unchanged, deprovisioning a missing one succeeds, so a failed job can simply run again.
/// </summary>
public interface IInstanceProvisioner
{
    /// <summary>Starts the instance and returns once it answers its health check.</summary>
    Task<InstanceEndpoints> ProvisionAsync(InstanceSpec spec, IProgress<string> progress, CancellationToken cancellationToken = default);

    Task DeprovisionAsync(InstanceSpec spec, CancellationToken cancellationToken = default);
}
