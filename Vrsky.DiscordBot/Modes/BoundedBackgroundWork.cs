using Microsoft.Extensions.Logging;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Runs the gateway's per-event work (acknowledging an interaction, publishing a reaction) concurrently, at most
/// <c>limit</c> at a time. Starting more waits for a slot, which stops the event pump and, through the gateway client's
/// bounded event channel, the socket reader: a burst or a slow Discord/NATS holds back input instead of piling up tasks.
/// </summary>
public sealed class BoundedBackgroundWork(int limit, ILogger logger)
{
    private readonly SemaphoreSlim _slots = new(limit, limit);

    /// <summary>Work started and not yet finished.</summary>
    public int Running => limit - _slots.CurrentCount;

    /// <summary>Waits for a free slot, then starts <paramref name="work"/> without waiting for it; failures are logged.</summary>
    public async ValueTask StartAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ = RunAsync(work);
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            // Nobody awaits this task: log here or the failure would vanish.
            BotLog.BackgroundFailed(logger, e.GetBaseException().Message);
        }
        finally
        {
            _slots.Release();
        }
    }
}
