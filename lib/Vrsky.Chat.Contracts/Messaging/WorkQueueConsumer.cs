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
/// (through <see cref="AckAsync"/>) only once its work is durable. Deliveries arrive one at a time, in queue order,
/// unless the consumer names an <see cref="OrderingKey"/>. Each is handled inside a <c>process {queue}</c> span
/// that continues the sender's trace, so the work's database commands and publishes are part of it.
/// </summary>
public abstract partial class WorkQueueConsumer<T>(RabbitMQConnectionProvider rabbit, ILogger logger) : BackgroundService where T : class
{
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private KeyedLanes? _lanes;
    private IChannel? _channel;

    protected abstract string Queue { get; }

    /// <summary>Unacknowledged deliveries the broker may push ahead of the work.</summary>
    protected abstract ushort Prefetch { get; }

    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    /// <summary>The service's own source: its spans carry its name (<c>Vrsky.ChatService</c>, …).</summary>
    protected abstract ActivitySource ActivitySource { get; }

    protected abstract Task OnMessageAsync(T message, ulong deliveryTag, CancellationToken cancellationToken);

    /// <summary>
    /// Null (the default) hands deliveries over one at a time, in queue order. A key lets deliveries with different
    /// keys be handled concurrently (at most <see cref="MaxConcurrency"/> at once) while those with one key still go
    /// one at a time in queue order; each must then ack its own delivery tag.
    /// </summary>
    protected virtual long? OrderingKey(T message) => null;

    /// <summary>Deliveries handled at once when they have different <see cref="OrderingKey"/>s.</summary>
    protected virtual int MaxConcurrency => 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = await rabbit.GetConnectionAsync(stoppingToken).ConfigureAwait(false);
        _channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        await ChatTopology.DeclareAsync(_channel, stoppingToken).ConfigureAwait(false);
        await _channel.BasicQosAsync(0, Prefetch, global: false, stoppingToken).ConfigureAwait(false);
        _lanes = new KeyedLanes(MaxConcurrency);

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) => ReceiveAsync(delivery, stoppingToken);
        await _channel.BasicConsumeAsync(Queue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
        LogConsuming(logger, Queue, Prefetch);
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private Task ReceiveAsync(BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        // The body's buffer belongs to the client only until this callback returns: parse it here (the properties,
        // exchange and routing key the span reads later are copies).
        var message = ChatJson.TryDeserialize(delivery.Body.Span, TypeInfo);
        if (message is not null && OrderingKey(message) is { } key)
        {
            _lanes!.Run(key, () => HandleInLaneAsync(delivery, message, stoppingToken));
            return Task.CompletedTask;
        }

        return HandleAsync(delivery, message, stoppingToken);
    }

    private async Task HandleInLaneAsync(BasicDeliverEventArgs delivery, T message, CancellationToken stoppingToken)
    {
        try
        {
            await HandleAsync(delivery, message, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nobody awaits a lane. The delivery stays unacked (the broker redelivers it once this channel closes)
            // and the lane goes on with the next; a failure while stopping is the stop itself.
            if (!stoppingToken.IsCancellationRequested)
            {
                LogUnhandled(logger, e, Queue);
            }
        }
    }

    private async Task HandleAsync(BasicDeliverEventArgs delivery, T? message, CancellationToken stoppingToken)
    {
        using var activity = MessagingActivities.StartProcess(ActivitySource, delivery, Queue);
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

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Handling a delivery from {Queue} failed; it stays unacked")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string queue);
}
