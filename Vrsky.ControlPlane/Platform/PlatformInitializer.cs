using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <summary>The control plane's: bucket creation at start, the message life cycle, and the DLQ the API reads.</summary>
    public static IServiceCollection AddPlatformServices(this IServiceCollection services)
    {
        services.AddHostedService<PlatformInitializer>();
        services.AddMessageLifecycle();
        services.AddSingleton<DeadLetters.DeadLetterQueue>();
        return services;
    }

    /// <summary>What a worker process needs to run the life cycle (it brings an <c>INatsConnection</c>, <c>PlatformOptions</c> and a <c>TimeProvider</c>).</summary>
    public static IServiceCollection AddMessageLifecycle(this IServiceCollection services)
    {
        services.TryAddSingleton<PlatformStores>();
        services.TryAddSingleton<MessageLifecycle>();
        services.TryAddSingleton<IntegrationLocks>();
        return services;
    }

    /// <summary>
    /// Continues messages whose process died between attempts, with <typeparamref name="THandler"/>: register it in
    /// every worker process that handles the integrations' messages.
    /// </summary>
    public static IServiceCollection AddRetryQueueRunner<THandler>(this IServiceCollection services) where THandler : class, IPlatformMessageHandler
    {
        services.AddMessageLifecycle();
        services.TryAddSingleton<RetryScanMetrics>();
        services.TryAddSingleton<IPlatformMessageHandler, THandler>();
        services.AddHostedService<RetryQueueRunner>();
        return services;
    }
}
