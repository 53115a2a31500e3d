using System.Diagnostics;

namespace Vrsky.ChatService;

/// <summary>The chat service's spans (ServiceDefaults exports every <c>Vrsky.*</c> source).</summary>
internal static class ChatServiceTelemetry
{
    public static readonly ActivitySource Source = new("Vrsky.ChatService");
}
