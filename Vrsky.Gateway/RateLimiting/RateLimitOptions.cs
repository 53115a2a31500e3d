namespace Vrsky.Gateway.RateLimiting;

/// <summary>Limits shared by every replica (counted in Redis), bound from the <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Login attempts per user name per minute (seed: 5).</summary>
    public int LoginsPerMinute { get; set; } = 5;

    /// <summary>Registrations per client address per minute.</summary>
    public int RegistrationsPerMinute { get; set; } = 30;

    /// <summary>WebSocket connects per user per minute (seed: 20).</summary>
    public int ConnectsPerMinute { get; set; } = 20;

    /// <summary>Messages sent per user per second, over REST and WebSocket together.</summary>
    public int MessagesPerSecond { get; set; } = 20;

    /// <summary>Subscribe, Typing and Read frames per user per minute: each costs a membership query and a publish.</summary>
    public int FramesPerMinute { get; set; } = 1200;
}
