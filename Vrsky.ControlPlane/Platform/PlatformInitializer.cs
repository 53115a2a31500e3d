using Microsoft.Extensions.Options;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Platform;

/// <summary>Creates or updates the platform buckets at start, before the API takes requests that use them.</summary>
internal sealed class PlatformInitializer(INatsConnection nats, IOptions<PlatformOptions> options, ILogger<PlatformInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PlatformBuckets.EnsureAsync(nats, options.Value, cancellationToken);
        ControlPlaneLog.BucketsReady(logger, options.Value.Replicas);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class PlatformServices
{
    public static IServiceCollection AddPlatformServices(this IServiceCollection services)
    {
        services.AddHostedService<PlatformInitializer>();
        services.AddSingleton<PlatformStores>();
        services.AddSingleton<MessageLifecycle>();
        services.AddSingleton<IntegrationLocks>();
        services.AddSingleton<DeadLetters.DeadLetterQueue>();
        return services;
    }
}
