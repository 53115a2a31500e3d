using Vrsky.Chat.Contracts;
using Vrsky.PresenceService.Presence;
using Vrsky.PresenceService.Receipts;

namespace Vrsky.PresenceService.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddPresenceServiceServices(this IHostApplicationBuilder builder)
    {
        builder.AddChatInfrastructure();
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<ReadReceiptOptions>(builder.Configuration.GetSection(ReadReceiptOptions.SectionName));
        builder.Services.Configure<PresenceOptions>(builder.Configuration.GetSection(PresenceOptions.SectionName));

        builder.Services.AddSingleton<ReadReceiptWriter>();
        builder.Services.AddHostedService<ReadReceiptBatcher>();

        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<PresenceAnnouncer>();
        builder.Services.AddHostedService<PresenceSignalConsumer>();
        builder.Services.AddHostedService<PresenceSweeper>();
        return builder;
    }
}
