using System.Diagnostics.Metrics;

namespace Vrsky.DiscordBot;

/// <summary>Meter <c>Vrsky.DiscordBot</c> (the Discord client's own requests, rate-limit hits and reconnects are in <c>Vrsky.Discord</c>).</summary>
internal static class BotMetrics
{
    private static readonly Meter Meter = new("Vrsky.DiscordBot");

    public static readonly Counter<long> InteractionsHandled = Meter.CreateCounter<long>("bot.interactions.handled", description: "Interactions and events handled, by kind");

    public static readonly Counter<long> InteractionsFailed = Meter.CreateCounter<long>("bot.interactions.failed", description: "Handling attempts that failed, by kind");

    public static readonly Counter<long> EventBusPublished = Meter.CreateCounter<long>("bot.eventbus.published", description: "Messages published to JetStream, by stream");

    public static readonly Counter<long> EventBusProcessed = Meter.CreateCounter<long>("bot.eventbus.processed", description: "Messages consumed from JetStream, by stream and outcome");
}
