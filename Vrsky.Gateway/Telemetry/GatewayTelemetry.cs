using System.Diagnostics;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.Gateway.Telemetry;

/// <summary>
/// The gateway's own spans. A WebSocket frame is not an HTTP request, so each handled frame that starts work
/// elsewhere gets a span of its own: a new trace per frame, linked to the connection's long-lived request span
/// (as a child of that span, every message of a connection would land in one trace that ends only at disconnect).
/// </summary>
internal static class GatewayTelemetry
{
    public static readonly ActivitySource Source = new("Vrsky.Gateway");

    /// <summary>Starts <paramref name="name"/> as the root of a new trace; null when nobody listens.</summary>
    public static Activity? StartFrame(string name, long? chatId, ActivityContext connection)
    {
        // The caller is an async method, so clearing the ambient activity here does not outlive its frame.
        Activity.Current = null;
        var activity = Source.StartActivity(name, ActivityKind.Server, default(ActivityContext),
            links: connection == default ? null : [new ActivityLink(connection)]);
        if (chatId is { } id)
        {
            activity?.SetTag(ChatActivityTags.ChatId, id);
        }

        return activity;
    }
}
