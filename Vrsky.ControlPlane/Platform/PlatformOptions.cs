namespace Vrsky.ControlPlane.Platform;

/// <summary>Bound from <c>ControlPlane:Platform</c>.</summary>
public sealed class PlatformOptions
{
    public const string Section = "ControlPlane:Platform";

    /// <summary>Bucket replicas: 3 on the Kubernetes platform cluster, 1 locally.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>How long an integration lock lives without renewal (the <c>integration_locks</c> bucket's TTL).</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waits before each retry of a failed message; after the last one it goes to the dead-letter queue.</summary>
    public TimeSpan[] RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>
    /// How long past its due time a retry waits for the process that scheduled it before a <see cref="RetryQueueRunner"/>
    /// in another process continues it; an attempt running longer than this after its claim is presumed abandoned too.
    /// </summary>
    public TimeSpan RetryTakeoverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a <see cref="RetryQueueRunner"/> looks through <c>retry_queue</c> for abandoned retries.</summary>
    public TimeSpan RetryScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Size limits per bucket name, replacing seed 002's (10 GB, 1 GB, 50 GB, 100 GB). A server refuses buckets whose
    /// limits add up beyond its JetStream storage (error 10047: 161 GB by default, more than a laptop's disk), so
    /// local runs set smaller ones.
    /// </summary>
    public Dictionary<string, long> MaxBytes { get; set; } = [];

    public string? Validate() =>
        Replicas is < 1 or > 5 ? "Replicas must be between 1 and 5."
        : LockTtl < TimeSpan.FromSeconds(1) ? "LockTtl must be at least 1 s."
        : RetryDelays.Length > 10 || RetryDelays.Any(d => d < TimeSpan.Zero) ? "RetryDelays must be at most 10 non-negative durations."
        : RetryTakeoverAfter <= TimeSpan.Zero || RetryScanInterval <= TimeSpan.Zero ? "RetryTakeoverAfter and RetryScanInterval must be positive."
        : MaxBytes.Values.Any(v => v < 1) ? "MaxBytes values must be positive."
        : null;
}
