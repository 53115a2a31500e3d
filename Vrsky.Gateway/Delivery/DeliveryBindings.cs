using RabbitMQ.Client;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.Gateway.Delivery;

/// <summary>
/// This replica's own delivery queue: exclusive and auto-delete (it lives and dies with the replica), bound to
/// <c>delivery.topic</c> once per chat that has a member connected here, so events for other chats never arrive.
/// </summary>
internal sealed class DeliveryBindings(RabbitMQConnectionProvider rabbit) : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>Names this gateway in message origins and in its queue's name.</summary>
    public string GatewayId { get; } = $"{Environment.GetEnvironmentVariable("REPLICA_INDEX") ?? "0"}-{Guid.NewGuid():N}"[..14];

    public string QueueName => $"delivery.gateway.{GatewayId}";

    public IChannel Channel => _channel ?? throw new InvalidOperationException("The delivery queue is declared at start.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await rabbit.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        _channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await ChatTopology.DeclareAsync(_channel, cancellationToken).ConfigureAwait(false);
        await _channel.QueueDeclareAsync(QueueName, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task BindChatAsync(long chatId) => OnChannelAsync(c => c.QueueBindAsync(QueueName, ChatTopology.DeliveryExchange, ChatTopology.ChatKey(chatId)));

    public Task UnbindChatAsync(long chatId) => OnChannelAsync(c => c.QueueUnbindAsync(QueueName, ChatTopology.DeliveryExchange, ChatTopology.ChatKey(chatId)));

    private async Task OnChannelAsync(Func<IChannel, Task> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action(Channel).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
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
