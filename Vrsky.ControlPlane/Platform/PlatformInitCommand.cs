using Microsoft.Extensions.Configuration;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// <c>Vrsky.ControlPlane platform init</c>: what the Kubernetes init Job runs. Reads the same configuration as the
/// service (<c>ConnectionStrings__nats</c>, <c>ControlPlane__Platform__*</c>), waits for the platform NATS to accept
/// the buckets (<c>ControlPlane__PlatformInit__WaitTimeout</c>, default 5 min), ensures them, exits.
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
        var wait = new PlatformInitOptions();
        configuration.GetSection(PlatformInitOptions.Section).Bind(wait);
        var url = configuration.GetConnectionString("nats");
        if ((options.Validate() ?? wait.Validate() ?? (string.IsNullOrEmpty(url) ? "ConnectionStrings__nats is not set." : null)) is { } invalid)
        {
            await Console.Error.WriteLineAsync(invalid);
            return 2;
        }

        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(url!) with { Name = "vrsky-platform-init" });
        if (await PlatformNatsWait.EnsureBucketsAsync(nats, options, wait, Report, CancellationToken.None) is { } failure)
        {
            await Console.Error.WriteLineAsync($"platform init failed: {failure}");
            return 1;
        }

        foreach (var bucket in PlatformBuckets.Configs(options))
        {
            Console.WriteLine($"bucket {bucket.Bucket}: ttl {bucket.MaxAge}, max {bucket.MaxBytes} bytes, replicas {bucket.NumReplicas}");
        }

        return 0;
    }

    private static void Report(PlatformNatsWaitProgress p) =>
        Console.WriteLine($"waiting for the platform NATS at {p.Servers} (attempt {p.Attempt}, {p.Elapsed.TotalSeconds:0} s of {p.Limit.TotalSeconds:0.#} s): {p.LastError}");
}
