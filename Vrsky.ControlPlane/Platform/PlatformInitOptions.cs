namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// Bound from <c>ControlPlane:PlatformInit</c>: how long <c>platform init</c>, and the control plane at start, wait for
/// the platform NATS to take the buckets.
/// </summary>
public sealed class PlatformInitOptions
{
    public const string Section = "ControlPlane:PlatformInit";

    /// <summary>
    /// Deployed, the init Job and the control plane usually start before the NATS StatefulSet is ready (and a cluster
    /// needs its peers before it accepts replicated buckets), so they wait this long before failing the Job's attempt
    /// or the start.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between two attempts.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public string? Validate() =>
        WaitTimeout <= TimeSpan.Zero || WaitTimeout > TimeSpan.FromHours(1) ? "PlatformInit:WaitTimeout must be positive and at most 1 h."
        : RetryInterval <= TimeSpan.Zero || RetryInterval > WaitTimeout ? "PlatformInit:RetryInterval must be positive and at most WaitTimeout."
        : null;
}
