using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Gateway.Realtime;
using Vrsky.Gateway.Telemetry;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.Gateway.Delivery;

/// <summary>
/// Consumes this replica's delivery queue and fans each event out to local sockets. The work is handing frames to
/// bounded per-socket queues, so each delivery is acked right after it was dispatched. Each delivery's span
/// continues the trace of the service that published the event.
/// </summary>
internal sealed class DeliveryConsumer(DeliveryBindings bindings, ConnectionRegistry registry, RabbitMQConnectionProvider rabbit, ILogger<DeliveryConsumer> logger)
    : BackgroundService
{
    // Fan-out is in-memory and fast; a deep prefetch keeps the broker streaming during bursts.
    private const ushort Prefetch = 1000;

    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = await rabbit.GetConnectionAsync(stoppingToken).ConfigureAwait(false);
        _channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await _channel.BasicQosAsync(0, Prefetch, global: false, stoppingToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        await _channel.BasicConsumeAsync(bindings.QueueName, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
        GatewayLog.DeliveryQueueReady(logger, bindings.QueueName);
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        using var activity = MessagingActivities.StartProcess(GatewayTelemetry.Source, delivery, bindings.QueueName);
        if (ChatJson.TryDeserialize(delivery.Body.Span, ChatJson.Context.DeliveryEvent) is { } e)
        {
            activity?.SetTag(ChatActivityTags.ChatId, e.ChatId);
            activity?.SetTag(ChatActivityTags.EventType, e.Type.ToString());
            if (e is { Type: DeliveryEventType.MemberRemoved, UserId: { } removed })
            {
                await registry.RemoveMemberAsync(removed, e.ChatId).ConfigureAwait(false);
            }
            else
            {
                registry.Dispatch(e);
            }
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, "malformed delivery event");
            GatewayLog.MalformedDelivery(logger, delivery.Body.Length);
        }

        await _channel!.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
