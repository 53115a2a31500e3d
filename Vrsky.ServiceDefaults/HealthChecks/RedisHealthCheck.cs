using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrsky.Redis;

namespace Vrsky.ServiceDefaults.HealthChecks;

/// <summary>Healthy when Redis answers PING (connecting first if needed); degraded while reconnecting.</summary>
internal sealed class RedisHealthCheck(IRedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionState == RedisConnectionState.Reconnecting)
        {
            // A PING would only queue until its timeout; answer at once.
            return HealthCheckResult.Degraded($"Redis {connection.Opts.Endpoint}: connection lost, reconnecting");
        }

        try
        {
            var roundTrip = await connection.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING {roundTrip.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException e)
        {
            // Messages name host:port and the reason, never the password.
            var description = $"Redis {connection.Opts.Endpoint} is unreachable: {e.GetType().Name}: {e.Message}";
            return connection.ConnectionState == RedisConnectionState.Reconnecting
                ? HealthCheckResult.Degraded(description)
                : HealthCheckResult.Unhealthy(description);
        }
    }
}
