using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// <c>Vrsky.ControlPlane platform init</c>: what the Kubernetes init Job runs. Reads the same configuration as the
/// service (<c>ConnectionStrings__nats</c>, <c>ControlPlane__Platform__*</c>), waits for the platform NATS to accept
/// the buckets (<c>ControlPlane__PlatformInit__WaitTimeout</c>, default 5 min), ensures them, exits.
/// </summary>
public static class PlatformInitCommand
{
    /// <summary>JetStream's "no suitable peers for placement": a cluster whose peers are still joining.</summary>
    private const int NoSuitablePeers = 10005;

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

        // The options' Url has the credentials moved out, so it can be shown.
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(url!) with { Name = "vrsky-platform-init" });
        if (await EnsureWhenReadyAsync(nats, options, wait) is { } failure)
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

    /// <summary>Attempts until the buckets are in place (null) or the wait is over (why it failed); a permanent error ends it at once.</summary>
    private static async Task<string?> EnsureWhenReadyAsync(NatsConnection nats, PlatformOptions options, PlatformInitOptions wait)
    {
        var servers = nats.Opts.Url;
        var limit = wait.WaitTimeout.TotalSeconds;
        var elapsed = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(wait.WaitTimeout);
        var lastError = "no attempt finished";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await nats.ConnectAsync(deadline.Token);
                await PlatformBuckets.EnsureAsync(nats, options, deadline.Token);
                return null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // The deadline cut this attempt short; the previous one's error says more.
            }
            catch (NatsException e) when (IsTransient(e))
            {
                lastError = Describe(e);
            }
            catch (NatsException e)
            {
                return $"{servers}: {Describe(e)}";
            }

            if (deadline.IsCancellationRequested || elapsed.Elapsed + wait.RetryInterval >= wait.WaitTimeout)
            {
                return $"the platform NATS at {servers} was not ready within {limit:0.#} s ({attempt} attempts); last error: {lastError}";
            }

            Console.WriteLine($"waiting for the platform NATS at {servers} (attempt {attempt}, {elapsed.Elapsed.TotalSeconds:0} s of {limit:0.#} s): {lastError}");
            await Task.Delay(wait.RetryInterval);
        }
    }

    /// <summary>
    /// What a starting server or cluster answers: no connection, no JetStream responder or reply yet, 503 (JetStream
    /// unavailable, insufficient resources) and peers not yet placed. Wrong credentials and other API errors stay wrong.
    /// </summary>
    private static bool IsTransient(NatsException e) => e switch
    {
        NatsAuthorizationException => false,
        NatsJSApiException api => api.Code == 503 || api.ErrorCode == NoSuitablePeers,
        _ => true,
    };

    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
