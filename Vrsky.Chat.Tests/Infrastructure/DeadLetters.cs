using System.Text;
using RabbitMQ.Client;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Hosting.Testing;

namespace Vrsky.Chat.Tests.Infrastructure;

/// <summary>
/// Publishes raw commands to <c>chat.topic</c> as any publisher could, and reads <c>chat.dead-letters</c> for them.
/// Reading drains the dead-letter queue; tests of one collection run one at a time, so none reads another's.
/// </summary>
public sealed class DeadLetters : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private DeadLetters(IConnection connection, IChannel channel) => (_connection, _channel) = (connection, channel);

    public static async Task<DeadLetters> ConnectAsync(ChatFixture fixture)
    {
        var factory = new ConnectionFactory { Uri = new Uri((await fixture.App.GetConnectionStringAsync("rabbitmq"))!) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await ChatTopology.DeclareAsync(channel);
        return new DeadLetters(connection, channel);
    }

    public Task PublishCommandAsync(long chatId, string json) => PublishAsync(ChatTopology.MessageKey(chatId), json);

    public async Task PublishAsync(string routingKey, string json) =>
        await _channel.BasicPublishAsync(ChatTopology.ChatExchange, routingKey, mandatory: true,
            new BasicProperties { Persistent = true, ContentType = "application/json" }, Encoding.UTF8.GetBytes(json));

    /// <summary>Waits for the dead letter whose body contains <paramref name="marker"/>; returns why it was dead-lettered.</summary>
    public async Task<string> WaitForReasonAsync(string marker, TimeSpan timeout)
    {
        string? reason = null;
        await Eventually.WaitAsync(async () =>
        {
            while (reason is null && await _channel.BasicGetAsync(ChatTopology.DeadLetterQueue, autoAck: true) is { } letter)
            {
                if (Encoding.UTF8.GetString(letter.Body.Span).Contains(marker, StringComparison.Ordinal))
                {
                    reason = letter.BasicProperties.Headers?["x-first-death-reason"] is byte[] text ? Encoding.UTF8.GetString(text) : "(none)";
                }
            }

            return reason is not null;
        }, timeout, $"a dead letter containing {marker}");
        return reason!;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
