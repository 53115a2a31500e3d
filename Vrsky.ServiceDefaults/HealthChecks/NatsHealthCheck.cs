using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrsky.Nats;

namespace Vrsky.ServiceDefaults.HealthChecks;

/// <summary>Open is healthy, reconnecting (publishes still buffer) is degraded, anything else unhealthy.</summary>
internal sealed class NatsHealthCheck(INatsConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionState == NatsConnectionState.Closed)
        {
            // The client connects on first use; a probe counts as a use, so an idle service still reports truthfully.
            try
            {
                await connection.ConnectAsync(cancellationToken);
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("NATS connection is closed", e);
            }
        }

        return connection.ConnectionState switch
        {
            NatsConnectionState.Open => HealthCheckResult.Healthy($"Connected to {connection.ServerInfo?.ServerName}"),
            NatsConnectionState.Reconnecting => HealthCheckResult.Degraded("NATS connection is reconnecting"),
            var state => HealthCheckResult.Unhealthy($"NATS connection is {state}"),
        };
    }
}
