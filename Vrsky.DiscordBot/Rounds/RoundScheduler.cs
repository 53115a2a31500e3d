using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>
/// Starts rounds whose time has come by publishing a <see cref="BotEventKinds.RoundStart"/> event with a fixed id: several
/// workers may see the same round, JetStream keeps one copy and the handler starts a round once.
/// </summary>
public sealed class RoundScheduler(NpgsqlDataSource database, EventBus bus, BotOptions options, WorkerReadiness readiness, ILogger<RoundScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SchedulerInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!readiness.Ready)
            {
                continue;
            }

            try
            {
                await PublishDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a database or NATS outage must not stop the worker.
                BotLog.SchedulerFailed(logger, e.Message);
            }
        }
    }

    private async Task PublishDueAsync(CancellationToken stoppingToken)
    {
        await using var command = database.CreateCommand("select id, guild_id from rounds where status = 'scheduled' and start_time <= now() order by start_time limit 100");
        var due = new List<(long Id, string GuildId)>();
        await using (var reader = await command.ExecuteReaderAsync(stoppingToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(stoppingToken).ConfigureAwait(false))
            {
                due.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var (id, guild) in due)
        {
            await bus.PublishEventAsync(new BotEvent { Id = $"round-start:{id}", Kind = BotEventKinds.RoundStart, GuildId = guild, RoundId = id }, stoppingToken).ConfigureAwait(false);
        }
    }
}
