using Vrsky.Chat.Contracts;
using Vrsky.ChatService.Messages;

namespace Vrsky.ChatService.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddChatServiceServices(this IHostApplicationBuilder builder)
    {
        builder.AddChatInfrastructure();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddHostedService<ChatMessageConsumer>();
        return builder;
    }
}
