using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// A competing consumer of one shared work queue. Messages that are not a valid <typeparamref name="T"/> are
/// rejected to the dead-letter exchange at once; everything else goes to <see cref="OnMessageAsync"/>, which acks
/// (through <see cref="AckAsync"/>) only once its work is durable. Deliveries arrive one at a time, in queue order.
/// Each is handled inside a <c>process {queue}</c> span that continues the sender's trace, so the work's database
/// commands and publishes are part of it.
/// </summary>
public abstract partial class WorkQueueConsumer<T>(RabbitMQConnectionProvider rabbit, ILogger logger) : BackgroundService where T : class
{
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private IChannel? _channel;

    protected abstract string Queue { get; }

    /// <summary>Unacknowledged deliveries the broker may push ahead of the work.</summary>
    protected abstract ushort Prefetch { get; }

    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    /// <summary>The service's own source: its spans carry its name (<c>Vrsky.ChatService</c>, …).</summary>
    protected abstract ActivitySource ActivitySource { get; }

    protected abstract Task OnMessageAsync(T message, ulong deliveryTag, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = await rabbit.GetConnectionAsync(stoppingToken).ConfigureAwait(false);
        _channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await ChatTopology.DeclareAsync(_channel, stoppingToken).ConfigureAwait(false);
        await _channel.BasicQosAsync(0, Prefetch, global: false, stoppingToken).ConfigureAwait(false);

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) => ReceiveAsync(delivery, stoppingToken);
        await _channel.BasicConsumeAsync(Queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
        LogConsuming(logger, Queue, Prefetch);
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        using var activity = MessagingActivities.StartProcess(ActivitySource, delivery, Queue);
        var message = ChatJson.TryDeserialize(delivery.Body.Span, TypeInfo);
        if (message is null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "malformed message");
            LogPoison(logger, Queue, delivery.Body.Length);
            await RejectAsync(delivery.DeliveryTag).ConfigureAwait(false);
            return;
        }

        try
        {
            await OnMessageAsync(message, delivery.DeliveryTag, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activity.RecordFailure(e);
            throw;
        }
    }

    /// <summary>Acknowledges one delivery, or with <paramref name="multiple"/> every delivery up to it.</summary>
    protected Task AckAsync(ulong deliveryTag, bool multiple = false) =>
        OnChannelAsync(channel => channel.BasicAckAsync(deliveryTag, multiple));

    /// <summary>Returns deliveries to the queue for another attempt (the quorum queue counts it towards the delivery limit).</summary>
    protected Task RequeueAsync(ulong deliveryTag, bool multiple = false) =>
        OnChannelAsync(channel => channel.BasicNackAsync(deliveryTag, multiple, requeue: true));

    /// <summary>Sends a delivery to the dead-letter exchange.</summary>
    protected Task RejectAsync(ulong deliveryTag) =>
        OnChannelAsync(channel => channel.BasicRejectAsync(deliveryTag, requeue: false));

    // Acks may come from a flush loop while the consumer dispatches the next delivery; one at a time on the channel.
    private async Task OnChannelAsync(Func<IChannel, ValueTask> action)
    {
        await _channelGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action(_channel!).ConfigureAwait(false);
        }
        finally
        {
            _channelGate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Consuming {Queue} with prefetch {Prefetch}")]
    private static partial void LogConsuming(ILogger logger, string queue, ushort prefetch);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Dead-lettered a malformed message of {Bytes} bytes from {Queue}")]
    private static partial void LogPoison(ILogger logger, string queue, int bytes);
}
