using Microsoft.Extensions.Options;
using Vrsky.Nats;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>What a worker does with one message of an integration; throwing fails the attempt.</summary>
public interface IPlatformMessageHandler
{
    Task HandleAsync(PlatformMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Picks up retries whose process died between attempts. Every <see cref="PlatformOptions.RetryScanInterval"/> it
/// looks through <c>retry_queue</c>; an entry overdue by <see cref="PlatformOptions.RetryTakeoverAfter"/> (its own
/// process would have claimed it at its due time) is continued here: under the integration's lock, so runners in
/// several processes never work one integration at once, and after claiming the entry by compare-and-set, so a late
/// original process and this runner never both run the attempt. The life cycle then goes on from that attempt, in the
/// background, so one message waiting out its next delay never holds up the others.
/// </summary>
public sealed class RetryQueueRunner(
    PlatformStores stores, MessageLifecycle lifecycle, IntegrationLocks locks, IPlatformMessageHandler handler, IOptions<PlatformOptions> options,
    RetryScanMetrics metrics, TimeProvider time, ILogger<RetryQueueRunner> logger) : BackgroundService
{
    /// <summary>Messages continued at once, so a flooded queue never floods this process; the rest wait for a later round.</summary>
    private const int MaxContinuing = 16;

    private readonly PlatformOptions _options = options.Value;
    private readonly string _owner = $"retry-runner-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly List<Task> _continuing = [];
    private ulong _resumeAfter;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RetryScanInterval, time);
        try
        {
            do
            {
                try
                {
                    _continuing.RemoveAll(t => t.IsCompleted);
                    await ScanAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    ControlPlaneLog.RetryScanFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            // Stopping cancels them mid-attempt or mid-delay; their entries stay for another process to take over.
            await Task.WhenAll(_continuing);
        }
    }

    /// <summary>
    /// Reads up to <see cref="PlatformOptions.RetryScanBatch"/> entries, streamed from right after the last one the
    /// previous scan read (from the start again once a scan reached the end), so a large queue is covered over several
    /// rounds without ever being listed or held at once, and entries not yet due never keep later ones from being seen.
    /// </summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        if (_continuing.Count >= MaxContinuing)
        {
            return;
        }

        var retries = await stores.RetryQueueAsync(cancellationToken);
        var read = 0;
        var lastRead = _resumeAfter;
        var more = false;
        await foreach (var found in LatestEntries.ReadAsync<RetryEntry>(retries, ">", _resumeAfter, cancellationToken))
        {
            if (_continuing.Count >= MaxContinuing)
            {
                more = true;
                break;
            }

            read++;
            lastRead = found.Revision;
            // The server's count of entries after this one, so a full batch that ended the queue starts over at once.
            more = found.Delta > 0;
            await TryTakeOverAsync(retries, found, cancellationToken);
            if (read == _options.RetryScanBatch)
            {
                break;
            }
        }

        _resumeAfter = more ? lastRead : 0;
        metrics.ScanRead(read);
    }

    /// <summary>Continues <paramref name="found"/> in the background when it is overdue and both its lock and its claim are had.</summary>
    private async Task TryTakeOverAsync(INatsKVStore retries, NatsKVEntry<RetryEntry> found, CancellationToken cancellationToken)
    {
        if (found.Value is not { } entry || entry.DueAt + _options.RetryTakeoverAfter > time.GetUtcNow())
        {
            return;
        }

        var held = await locks.TryAcquireAsync(entry.Message.IntegrationId, _owner, cancellationToken);
        if (held is null)
        {
            return;
        }

        if (await lifecycle.TryClaimAsync(retries, found.Key, entry, found.Revision, cancellationToken) is not { } claim)
        {
            await held.ReleaseAsync(CancellationToken.None);
            return;
        }

        ControlPlaneLog.RetryTakenOver(logger, entry.Message.Id, entry.Message.IntegrationId, entry.Attempt);
        _continuing.Add(Task.Run(() => ContinueAsync(entry, claim, held, cancellationToken), CancellationToken.None));
    }

    private async Task ContinueAsync(RetryEntry entry, ulong claim, IntegrationLock held, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await lifecycle.ContinueAsync(entry.Message, entry.Attempt, claim, handler.HandleAsync, cancellationToken);
            ControlPlaneLog.RetryFinished(logger, entry.Message.Id, outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ControlPlaneLog.RetryContinuationFailed(logger, e, entry.Message.Id);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the entry stays in retry_queue for another process.
        }
        finally
        {
            try
            {
                await held.ReleaseAsync(CancellationToken.None);
            }
            catch (NatsException)
            {
                // The lock lapses with its TTL.
            }
        }
    }
}
