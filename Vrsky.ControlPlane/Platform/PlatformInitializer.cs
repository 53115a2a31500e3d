using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// Creates or updates the platform buckets at start, before the API takes requests that use them. Like
/// <c>platform init</c> it waits for a platform NATS that is not ready yet (a pod started before the cluster formed),
/// logging each attempt, and fails the start only once <see cref="PlatformInitOptions.WaitTimeout"/> is over.
/// </summary>
internal sealed partial class PlatformInitializer(
    INatsConnection nats, IOptions<PlatformOptions> options, IOptions<PlatformInitOptions> wait, ILogger<PlatformInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await PlatformNatsWait.EnsureBucketsAsync(nats, options.Value, wait.Value, Waiting, cancellationToken) is { } failure)
        {
            throw new InvalidOperationException($"The platform KV buckets could not be ensured: {failure}");
        }

        ControlPlaneLog.BucketsReady(logger, options.Value.Replicas);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Waiting(PlatformNatsWaitProgress p) => Waiting(logger, p.Servers, p.Attempt, p.Elapsed.TotalSeconds, p.Limit.TotalSeconds, p.LastError);

    [LoggerMessage(3, LogLevel.Warning, "Waiting for the platform NATS at {Servers} (attempt {Attempt}, {ElapsedSeconds:0} s of {LimitSeconds:0.#} s): {LastError}")]
    private static partial void Waiting(ILogger logger, string servers, int attempt, double elapsedSeconds, double limitSeconds, string lastError);
}

public static class PlatformServices
{
    /// <summary>The control plane's: bucket creation at start, the message life cycle, and the DLQ the API reads.</summary>
    public static IServiceCollection AddPlatformServices(this IServiceCollection services)
    {
        services.AddOptions<PlatformInitOptions>().BindConfiguration(PlatformInitOptions.Section)
            .Validate(o => o.Validate() is null, "invalid ControlPlane:PlatformInit settings").ValidateOnStart();
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
