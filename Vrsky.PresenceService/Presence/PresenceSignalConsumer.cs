using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.PresenceService.Presence;

/// <summary>Applies the gateways' heartbeats and disconnects to Redis and announces online/offline transitions.</summary>
internal sealed class PresenceSignalConsumer(PresenceTracker tracker, PresenceAnnouncer announcer, RabbitMQConnectionProvider rabbit, ILogger<PresenceSignalConsumer> logger)
    : WorkQueueConsumer<PresenceSignal>(rabbit, logger)
{
    protected override string Queue => ChatTopology.PresenceQueue;

    protected override ushort Prefetch => 64;

    protected override JsonTypeInfo<PresenceSignal> TypeInfo => ChatJson.Context.PresenceSignal;

    protected override ActivitySource ActivitySource => PresenceServiceTelemetry.Source;

    protected override async Task OnMessageAsync(PresenceSignal signal, ulong deliveryTag, CancellationToken cancellationToken)
    {
        if (signal.DeviceId is not { Length: > 0 and <= 100 })
        {
            await RejectAsync(deliveryTag).ConfigureAwait(false);
            return;
        }

        try
        {
            var changed = signal.Kind == PresenceSignalKind.Heartbeat
                ? await tracker.HeartbeatAsync(signal.UserId, signal.DeviceId, cancellationToken).ConfigureAwait(false)
                : await tracker.DisconnectAsync(signal.UserId, signal.DeviceId, cancellationToken).ConfigureAwait(false);
            if (changed)
            {
                var online = signal.Kind == PresenceSignalKind.Heartbeat;
                PresenceServiceLog.PresenceChanged(logger, signal.UserId, online);
                await announcer.AnnounceAsync(signal.UserId, online, cancellationToken).ConfigureAwait(false);
            }

            await AckAsync(deliveryTag).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Activity.Current.RecordFailure(e);
            PresenceServiceLog.SignalFailed(logger, e, signal.UserId);
            await RequeueAsync(deliveryTag).ConfigureAwait(false);
        }
    }
}
