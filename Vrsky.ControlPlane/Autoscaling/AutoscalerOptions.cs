namespace Vrsky.ControlPlane.Autoscaling;

/// <summary>Bound from <c>ControlPlane:Autoscaler</c>; defaults are seed 001's thresholds.</summary>
public sealed class AutoscalerOptions
{
    public const string Section = "ControlPlane:Autoscaler";

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An instance holding this many integrations is full: new ones go to another instance.</summary>
    public int ScaleUpIntegrations { get; set; } = 50;

    /// <summary>An extra instance holding fewer than this many integrations is drained into the others.</summary>
    public int ScaleDownIntegrations { get; set; } = 25;

    /// <summary>Messages per second (received by the server) above which an instance is hot.</summary>
    public double MaxMessageRate { get; set; } = 100_000;

    /// <summary>How long an instance must stay hot before another one is added.</summary>
    public TimeSpan SustainedRateWindow { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxConnections { get; set; } = 500;

    /// <summary>
    /// How long after integrations were moved off an instance it is not relieved again by moving more to a quiet
    /// instance: its clients follow only when they reconnect, so its figures need time to show the move.
    /// </summary>
    public TimeSpan RebalanceCooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive failed polls after which an instance is marked unhealthy.</summary>
    public int UnhealthyAfterFailedPolls { get; set; } = 2;

    public string? Validate() =>
        Interval <= TimeSpan.Zero ? "Interval must be positive."
        : ScaleUpIntegrations < 2 ? "ScaleUpIntegrations must be at least 2."
        : ScaleDownIntegrations < 0 || ScaleDownIntegrations >= ScaleUpIntegrations ? "ScaleDownIntegrations must be between 0 and ScaleUpIntegrations."
        : MaxMessageRate <= 0 || MaxConnections <= 0 ? "MaxMessageRate and MaxConnections must be positive."
        : SustainedRateWindow < TimeSpan.Zero || RebalanceCooldown < TimeSpan.Zero ? "SustainedRateWindow and RebalanceCooldown must not be negative."
        : UnhealthyAfterFailedPolls < 1 ? "UnhealthyAfterFailedPolls must be at least 1."
        : null;
}
