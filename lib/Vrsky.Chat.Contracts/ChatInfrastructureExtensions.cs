using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Chat.Contracts.Storage;

namespace Vrsky.Chat.Contracts;

public static class ChatInfrastructureExtensions
{
    /// <summary>
    /// What every chat service needs: the <c>chat</c> database (migrated at start, before other hosted services),
    /// the RabbitMQ connection and a confirming publisher.
    /// </summary>
    public static IHostApplicationBuilder AddChatInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("chat");
        builder.AddRabbitMQConnection("rabbitmq");
        builder.Services.AddHostedService<ChatSchemaMigrator>();
        builder.Services.AddSingleton<ConfirmingPublisher>();
        return builder;
    }
}
