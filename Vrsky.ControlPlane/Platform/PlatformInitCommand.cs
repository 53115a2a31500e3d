using Microsoft.Extensions.Configuration;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// <c>Vrsky.ControlPlane platform init</c>: what the Kubernetes KV-setup Job runs. Reads the same configuration
/// as the service (<c>ConnectionStrings__nats</c>, <c>ControlPlane__Platform__Replicas</c>), ensures the buckets, exits.
/// </summary>
public static class PlatformInitCommand
{
    public static bool Matches(string[] args) => args is ["platform", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["platform", "init", ..])
        {
            await Console.Error.WriteLineAsync("usage: Vrsky.ControlPlane platform init");
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[2..]).Build();
        var options = new PlatformOptions();
        configuration.GetSection(PlatformOptions.Section).Bind(options);
        if (options.Validate() is { } invalid || configuration.GetConnectionString("nats") is not { Length: > 0 } url)
        {
            await Console.Error.WriteLineAsync(options.Validate() ?? "ConnectionStrings__nats is not set.");
            return 2;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(url) with { Name = "vrsky-platform-init" });
        try
        {
            await PlatformBuckets.EnsureAsync(nats, options, timeout.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"platform init failed: {e.Message}");
            return 1;
        }

        foreach (var bucket in PlatformBuckets.Configs(options))
        {
            Console.WriteLine($"bucket {bucket.Bucket}: ttl {bucket.MaxAge}, max {bucket.MaxBytes} bytes, replicas {bucket.NumReplicas}");
        }

        return 0;
    }
}
