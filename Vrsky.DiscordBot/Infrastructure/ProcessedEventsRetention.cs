using Microsoft.Extensions.Logging;
using Npgsql;
using Vrsky.DiscordBot.Bridge;

namespace Vrsky.DiscordBot.Infrastructure;

/// <summary>
/// <c>processed_events</c> remembers handled event ids so a redelivered event changes nothing. An event can come back as
/// long as its stream holds it (<see cref="EventBus.StreamMaxAge"/>: redelivery after a long worker outage, or a consumer
/// recreated from the stream's start), which is far longer than JetStream's de-duplication of re-publishes
/// (<see cref="EventBus.DuplicateWindow"/>); ids are kept a day beyond the max age, then deleted. Every worker prunes on
/// its own; concurrent deletes of the same rows are harmless.
/// </summary>
public static class ProcessedEventsRetention
{
    public static readonly TimeSpan Retention = EventBus.StreamMaxAge + TimeSpan.FromDays(1);

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Rows per delete, so one statement never holds many row locks or a long transaction.</summary>
    private const int Batch = 5000;

    /// <summary>Deletes ids processed more than <paramref name="retention"/> ago; returns how many.</summary>
    public static async Task<int> PruneAsync(NpgsqlDataSource database, TimeSpan retention, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var command = database.CreateCommand(
                "delete from processed_events where id in (select id from processed_events where processed_at < now() - $1 limit $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = retention });
            command.Parameters.Add(new NpgsqlParameter { Value = Batch });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>Prunes now and then every <see cref="Interval"/> until cancelled; a failed round is logged and retried next time.</summary>
    public static async Task RunAsync(NpgsqlDataSource database, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var deleted = await PruneAsync(database, Retention, cancellationToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    BotLog.ProcessedEventsPruned(logger, deleted, Retention);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                BotLog.PruneFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }
}
