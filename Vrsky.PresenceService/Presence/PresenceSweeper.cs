using Microsoft.Extensions.Options;

namespace Vrsky.PresenceService.Presence;

/// <summary>Every <see cref="PresenceOptions.SweepInterval"/>, turns users whose every device stopped heartbeating offline.</summary>
internal sealed class PresenceSweeper(PresenceTracker tracker, PresenceAnnouncer announcer, IOptions<PresenceOptions> options, ILogger<PresenceSweeper> logger)
    : BackgroundService
{
    private const int BatchLimit = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (var userId in await tracker.SweepAsync(BatchLimit, stoppingToken).ConfigureAwait(false))
                {
                    PresenceServiceLog.PresenceChanged(logger, userId, false);
                    await announcer.AnnounceAsync(userId, online: false, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                PresenceServiceLog.SweepFailed(logger, e);
            }
        }
    }
}
