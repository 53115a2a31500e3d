using System.Diagnostics;

namespace Vrsky.PresenceService;

/// <summary>The presence service's spans (ServiceDefaults exports every <c>Vrsky.*</c> source).</summary>
internal static class PresenceServiceTelemetry
{
    public static readonly ActivitySource Source = new("Vrsky.PresenceService");
}
