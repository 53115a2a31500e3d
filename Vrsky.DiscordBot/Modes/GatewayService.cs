using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Gateway half: the one Discord session. Registers commands on READY, acknowledges and publishes interactions,
/// publishes reactions and scheduled-event starts, and applies workers' responses. A refused token (401, close 4004) or
/// intents stop the process with exit code 3, other start-up failures with 1, the reason on stderr.
/// </summary>
public sealed class GatewayService(IDiscordGatewayClient gateway, EventBus bus, InteractionAcknowledger acknowledger,
    ResponseExecutor executor, ApplicationIdentity identity, CommandRegistration commands, FatalExit fatal, ILogger<GatewayService> logger) : BackgroundService
{
    /// <summary>Events handled at once; each is a few REST calls and a publish, so this is far above what Discord's rate limits let through.</summary>
    public const int MaxConcurrentEvents = 64;

    private readonly BoundedBackgroundWork _work = new(MaxConcurrentEvents, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await bus.EnsureStreamsAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await fatal.ExitAsync(FatalExit.StartupFailedExitCode, $"NATS: could not create the streams: {e.Message}").ConfigureAwait(false);
            return;
        }

        var pump = PumpEventsAsync(stoppingToken);
        var responses = fatal.RunOrExitAsync(() => bus.ConsumeAsync<BotResponse>(bus.Subjects.ResponseStream, bus.Subjects.GatewayConsumer, executor.ExecuteAsync, r => r.Id, stoppingToken),
            "response consumer", stoppingToken);
        try
        {
            await gateway.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (DiscordGatewayException e)
        {
            await fatal.ExitAsync(FatalExit.AuthenticationExitCode, $"Discord gateway: {e.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await fatal.ExitAsync(FatalExit.StartupFailedExitCode, $"Discord gateway: {e.Message}").ConfigureAwait(false);
            return;
        }

        await Task.WhenAll(pump, responses).ConfigureAwait(false);
    }

    private async Task PumpEventsAsync(CancellationToken stoppingToken)
    {
        // Events come in order, so the latest READY's session is the one every following dispatch belongs to (RESUMED keeps it).
        var session = "";
        try
        {
            await foreach (var evt in gateway.ReadEventsAsync(stoppingToken).ConfigureAwait(false))
            {
                switch (evt)
                {
                    case ReadyEvent ready:
                        session = ready.Ready.SessionId;
                        identity.Learn(ready.Ready.Application?.Id ?? ready.Ready.User.Id, ready.Ready.User.Id);
                        await _work.StartAsync(() => commands.RegisterAsync(identity.ApplicationId!, stoppingToken), stoppingToken).ConfigureAwait(false);
                        break;
                    case InteractionCreateEvent created:
                        // Each interaction on its own so one slow publish never delays another's 3 s acknowledgement.
                        await _work.StartAsync(() => acknowledger.HandleAsync(created.Interaction, stoppingToken), stoppingToken).ConfigureAwait(false);
                        break;
                    case MessageReactionAddEvent { Reaction: { GuildId: { } guild } reaction } when reaction.UserId != identity.BotUserId:
                        await _work.StartAsync(() => bus.PublishEventAsync(new BotEvent
                        {
                            // One id per dispatch: a RESUME replaying it is de-duplicated, a user reacting again after
                            // taking the reaction back is a new signup (the same id for both was ignored for days).
                            Id = $"reaction:{session}:{evt.Sequence}",
                            Kind = BotEventKinds.ReactionAdd,
                            GuildId = guild,
                            Reaction = reaction,
                        }, stoppingToken), stoppingToken).ConfigureAwait(false);
                        break;
                    case GuildScheduledEventChangedEvent { Name: "GUILD_SCHEDULED_EVENT_UPDATE", ScheduledEvent: { Status: ScheduledEventStatus.Active } scheduled }:
                        await _work.StartAsync(() => bus.PublishEventAsync(new BotEvent
                        {
                            Id = $"scheduled-event:{scheduled.Id}:active",
                            Kind = BotEventKinds.ScheduledEvent,
                            GuildId = scheduled.GuildId,
                            ScheduledEvent = scheduled,
                        }, stoppingToken), stoppingToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
