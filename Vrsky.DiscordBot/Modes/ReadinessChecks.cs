using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrsky.Discord.Gateway;

namespace Vrsky.DiscordBot.Modes;

/// <summary><c>/ready</c> in gateway and standalone mode: the Discord session is READY (or RESUMED).</summary>
public sealed class DiscordSessionHealthCheck(IDiscordGatewayClient gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateway.IsReady ? HealthCheckResult.Healthy("Discord session ready") : HealthCheckResult.Unhealthy("Discord session not ready"));
}

/// <summary><c>/ready</c> in worker mode (beside the NATS and PostgreSQL checks): schema migrated and consumer in place.</summary>
public sealed class WorkerHealthCheck(WorkerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Ready ? HealthCheckResult.Healthy("consuming") : HealthCheckResult.Unhealthy("migrating or connecting"));
}
