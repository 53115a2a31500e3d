using System.Diagnostics;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.ControlPlane.Platform;

/// <summary>Reported before each pause between two attempts: the servers (without credentials) and the last error.</summary>
public sealed record PlatformNatsWaitProgress(string Servers, int Attempt, TimeSpan Elapsed, TimeSpan Limit, string LastError);

/// <summary>
/// Ensures the platform buckets once the platform NATS takes them, for <c>platform init</c> and the control plane's
/// own start alike: deployed, both usually start before the NATS StatefulSet is ready, and a cluster needs its peers
/// before it accepts replicated buckets.
/// </summary>
public static class PlatformNatsWait
{
    /// <summary>JetStream's "no suitable peers for placement": a cluster whose peers are still joining.</summary>
    private const int NoSuitablePeers = 10005;

    /// <summary>
    /// Attempts until the buckets are in place (null) or <see cref="PlatformInitOptions.WaitTimeout"/> is over (why it
    /// failed); a permanent error ends it at once, and so does <paramref name="cancellationToken"/> (by throwing).
    /// </summary>
    public static async Task<string?> EnsureBucketsAsync(
        INatsConnection nats, PlatformOptions options, PlatformInitOptions wait, Action<PlatformNatsWaitProgress> progress, CancellationToken cancellationToken)
    {
        // The options' Url has the credentials moved out, so it can be shown.
        var servers = nats.Opts.Url;
        var limit = wait.WaitTimeout.TotalSeconds;
        var elapsed = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait.WaitTimeout);
        var lastError = "no attempt finished";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await nats.ConnectAsync(deadline.Token);
                await PlatformBuckets.EnsureAsync(nats, options, deadline.Token);
                return null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
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
                cancellationToken.ThrowIfCancellationRequested();
                return $"the platform NATS at {servers} was not ready within {limit:0.#} s ({attempt} attempts); last error: {lastError}";
            }

            progress(new PlatformNatsWaitProgress(servers, attempt, elapsed.Elapsed, wait.WaitTimeout, lastError));
            await Task.Delay(wait.RetryInterval, cancellationToken);
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
