using System.Text.Json.Serialization.Metadata;
using RabbitMQ.Client;
using Microsoft.Extensions.Hosting;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>
/// Publishes JSON on a channel with publisher confirms: each publish returns only once the broker has taken
/// responsibility for the message (a nack or an unroutable mandatory message throws).
/// </summary>
public sealed class ConfirmingPublisher(RabbitMQConnectionProvider rabbit) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>The publishing channel, opened (and the topology declared) on first use.</summary>
    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { } existing)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is null)
            {
                var connection = await rabbit.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
                var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
                await ChatTopology.DeclareAsync(channel, cancellationToken).ConfigureAwait(false);
                _channel = channel;
            }

            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes a persistent message (survives a broker restart once confirmed).</summary>
    public ValueTask PublishAsync<T>(string exchange, string routingKey, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        PublishAsync(exchange, routingKey, ChatJson.Serialize(message, typeInfo), persistent: true, cancellationToken);

    /// <summary>Publishes a transient message (typing and presence fan-out: worthless after a restart).</summary>
    public ValueTask PublishTransientAsync<T>(string exchange, string routingKey, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        PublishAsync(exchange, routingKey, ChatJson.Serialize(message, typeInfo), persistent: false, cancellationToken);

    private async ValueTask PublishAsync(string exchange, string routingKey, byte[] body, bool persistent, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(cancellationToken).ConfigureAwait(false);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = persistent ? DeliveryModes.Persistent : DeliveryModes.Transient,
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
