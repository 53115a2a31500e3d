namespace Vrsky.ControlPlane.Platform;

/// <summary>Bound from <c>ControlPlane:PlatformInit</c>: how long <c>platform init</c> waits for the platform NATS.</summary>
public sealed class PlatformInitOptions
{
    public const string Section = "ControlPlane:PlatformInit";

    /// <summary>
    /// Deployed, the init Job usually starts before the NATS StatefulSet is ready (and a cluster needs its peers before
    /// it accepts replicated buckets), so it waits this long before failing the Job's attempt.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between two attempts.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string? Validate() =>
        WaitTimeout <= TimeSpan.Zero || WaitTimeout > TimeSpan.FromHours(1) ? "PlatformInit:WaitTimeout must be positive and at most 1 h."
        : RetryInterval <= TimeSpan.Zero || RetryInterval > WaitTimeout ? "PlatformInit:RetryInterval must be positive and at most WaitTimeout."
        : null;
}
