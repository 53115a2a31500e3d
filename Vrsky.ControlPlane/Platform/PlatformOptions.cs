namespace Vrsky.ControlPlane.Platform;

/// <summary>Bound from <c>ControlPlane:Platform</c>.</summary>
public sealed class PlatformOptions
{
    public const string Section = "ControlPlane:Platform";

    /// <summary>Bucket replicas: 3 on the Kubernetes platform cluster, 1 locally.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>How long an integration lock lives without renewal (the <c>integration_locks</c> bucket's TTL).</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a failed message whose <see cref="PlatformMessage.MaxRetries"/> is not given; after the last one it goes to the dead-letter queue.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; each further one waits twice as long as the one before (1 s, 2 s, 4 s …).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long past its due time a retry waits for the process that scheduled it before a <see cref="RetryQueueRunner"/>
    /// in another process continues it; an attempt running longer than this after its claim is presumed abandoned too.
    /// </summary>
    public TimeSpan RetryTakeoverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a <see cref="RetryQueueRunner"/> looks through <c>retry_queue</c> for abandoned retries.</summary>
    public TimeSpan RetryScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retry entries one scan of a <see cref="RetryQueueRunner"/> looks at; the next scan goes on from there.</summary>
    public int RetryScanBatch { get; set; } = 1000;

    /// <summary>
    /// Size limits per bucket name, replacing seed 002's (10 GB, 1 GB, 50 GB, 100 GB). A server refuses buckets whose
    /// limits add up beyond its JetStream storage (error 10047: 161 GB by default, more than a laptop's disk), so
    /// local runs set smaller ones.
    /// </summary>
    public Dictionary<string, long> MaxBytes { get; set; } = [];

    /// <summary>The wait before retry <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan RetryDelay(int retry) => RetryBaseDelay * (1L << (retry - 1));

    public string? Validate() =>
        Replicas is < 1 or > 5 ? "Replicas must be between 1 and 5."
        : LockTtl < TimeSpan.FromSeconds(1) ? "LockTtl must be at least 1 s."
        : MaxRetries is < 0 or > Integrations.IntegrationRequest.MaxRetriesLimit ? $"MaxRetries must be between 0 and {Integrations.IntegrationRequest.MaxRetriesLimit}."
        : RetryBaseDelay < TimeSpan.Zero || RetryDelay(Integrations.IntegrationRequest.MaxRetriesLimit) >= PlatformBuckets.RetryQueueTtl
            ? $"RetryBaseDelay must not be negative, and the longest wait (RetryBaseDelay × {1 << (Integrations.IntegrationRequest.MaxRetriesLimit - 1)}) must be shorter than retry_queue's TTL."
        : RetryTakeoverAfter <= TimeSpan.Zero || RetryScanInterval <= TimeSpan.Zero ? "RetryTakeoverAfter and RetryScanInterval must be positive."
        : RetryScanBatch is < 1 or > 100_000 ? "RetryScanBatch must be between 1 and 100000."
        : MaxBytes.Values.Any(v => v < 1) ? "MaxBytes values must be positive."
        : null;
}
