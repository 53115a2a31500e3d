using System.Diagnostics.Metrics;

namespace Vrsky.Discord;

/// <summary>Meter <c>Vrsky.Discord</c>: what the client did against Discord, for <c>/metrics</c>.</summary>
internal static class DiscordMetrics
{
    private static readonly Meter Meter = new("Vrsky.Discord");

    public static readonly Counter<long> ApiRequests = Meter.CreateCounter<long>("discord.api.requests", description: "REST requests sent, by route and status");

    public static readonly Counter<long> RateLimitHits = Meter.CreateCounter<long>("discord.ratelimit.hits", description: "429 answers and pre-emptive waits, by scope");

    public static readonly Counter<long> GatewayReconnects = Meter.CreateCounter<long>("discord.gateway.reconnects", description: "Gateway reconnects, by kind (resume or identify)");

    public static readonly Counter<long> GatewayEvents = Meter.CreateCounter<long>("discord.gateway.events", description: "Dispatch events received");
}
