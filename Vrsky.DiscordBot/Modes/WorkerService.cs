using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Worker half: migrates the database, then competes with the other workers on the durable interaction consumer and
/// deletes processed event ids past their retention (<see cref="ProcessedEventsRetention"/>).
/// </summary>
public sealed class WorkerService(NpgsqlDataSource database, EventBus bus, EventProcessor processor, WorkerReadiness readiness, FatalExit fatal, TimeProvider time, ILogger<WorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await FrolfDatabase.MigrateAsync(database, logger, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await fatal.ExitAsync(FatalExit.StartupFailedExitCode, $"Database: migration failed: {e.Message}").ConfigureAwait(false);
            return;
        }

        try
        {
            await bus.EnsureStreamsAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await fatal.ExitAsync(FatalExit.StartupFailedExitCode, $"NATS: could not create the streams: {e.Message}").ConfigureAwait(false);
            return;
        }

        readiness.Ready = true;
        var prune = PruneAsync(stoppingToken);
        await fatal.RunOrExitAsync(() => bus.ConsumeAsync<BotEvent>(bus.Subjects.InteractionStream, bus.Subjects.WorkerConsumer, processor.HandleAsync, e => $"{e.Kind} {e.Id}", stoppingToken,
                ApologiseAsync),
            "interaction consumer", stoppingToken).ConfigureAwait(false);
        await prune.ConfigureAwait(false);
    }

    /// <summary>A user whose interaction failed for good is told so instead of being left at "thinking…".</summary>
    private Task ApologiseAsync(BotEvent evt, CancellationToken cancellationToken) =>
        FailureApology.For(evt, time.GetUtcNow()) is { } apology ? bus.PublishResponseAsync(apology, cancellationToken) : Task.CompletedTask;

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ProcessedEventsRetention.RunAsync(database, logger, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>Set once the worker's schema and consumer exist; part of <c>/ready</c> in worker mode.</summary>
public sealed class WorkerReadiness
{
    public volatile bool Ready;
}
