namespace Vrsky.PresenceService.Presence;

/// <summary>Presence settings, bound from the <c>Presence</c> section.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>A device is online this long after its last heartbeat (clients send <c>Ping</c> well within it).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often lapsed devices are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
