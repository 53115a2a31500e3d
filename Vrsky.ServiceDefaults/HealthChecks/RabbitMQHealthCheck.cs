using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client.Exceptions;

namespace Vrsky.ServiceDefaults.HealthChecks;

/// <summary>Healthy when the shared connection is open (opening it if needed).</summary>
internal sealed class RabbitMQHealthCheck(Microsoft.Extensions.Hosting.RabbitMQConnectionProvider provider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await provider.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            return connection.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("RabbitMQ connection is closed (recovering).");
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"RabbitMQ is unreachable: {e.GetType().Name}");
        }
    }
}
