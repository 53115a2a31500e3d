namespace Vrsky.ControlPlane;

/// <summary>Every log line of the control plane. None carries a key, password or token.</summary>
internal static partial class ControlPlaneLog
{
    [LoggerMessage(1, LogLevel.Information, "Applied schema migration {Version}: {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(2, LogLevel.Information, "Platform KV buckets ready ({Replicas} replicas)")]
    public static partial void BucketsReady(ILogger logger, int replicas);

    [LoggerMessage(10, LogLevel.Information, "Started nats-{Tenant}-{Instance} at {Url} (pid {Pid})")]
    public static partial void LocalInstanceStarted(ILogger logger, string tenant, int instance, string url, int pid);

    [LoggerMessage(11, LogLevel.Information, "Stopped nats-{Tenant}-{Instance}")]
    public static partial void LocalInstanceStopped(ILogger logger, string tenant, int instance);

    [LoggerMessage(12, LogLevel.Warning, "nats-{Tenant}-{Instance} exited unexpectedly with code {ExitCode}; restarting it")]
    public static partial void LocalInstanceDied(ILogger logger, string tenant, int instance, int exitCode);

    [LoggerMessage(13, LogLevel.Information, "Applied {Name} in namespace {Namespace}")]
    public static partial void KubernetesInstanceApplied(ILogger logger, string name, string @namespace);

    [LoggerMessage(14, LogLevel.Information, "Deleted {Name} from namespace {Namespace}")]
    public static partial void KubernetesInstanceDeleted(ILogger logger, string name, string @namespace);

    [LoggerMessage(20, LogLevel.Information, "Job {JobId} ({Kind}) of nats-{Tenant}-{Instance} succeeded")]
    public static partial void JobSucceeded(ILogger logger, Guid jobId, string kind, string tenant, int instance);

    [LoggerMessage(21, LogLevel.Error, "Job {JobId} ({Kind}) failed")]
    public static partial void JobFailed(ILogger logger, Exception exception, Guid jobId, string kind);

    [LoggerMessage(22, LogLevel.Error, "Instance {InstanceId} could not be started again after a restart")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception, Guid instanceId);

    [LoggerMessage(30, LogLevel.Error, "Autoscaler round failed")]
    public static partial void AutoscalerTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(31, LogLevel.Information, "Scaling up tenant {TenantId}: {Reason}")]
    public static partial void ScalingUp(ILogger logger, Guid tenantId, string reason);

    [LoggerMessage(32, LogLevel.Information, "Scaling down tenant {TenantId}, instance {Instance}: {Reason}")]
    public static partial void ScalingDown(ILogger logger, Guid tenantId, int instance, string reason);

    [LoggerMessage(33, LogLevel.Warning, "Polling instance {InstanceId} failed ({FailedPolls} in a row): {Error}")]
    public static partial void PollFailed(ILogger logger, Guid instanceId, int failedPolls, string error);

    [LoggerMessage(34, LogLevel.Error, "Autoscaler round for instance {InstanceId} failed; the others went on")]
    public static partial void InstanceRoundFailed(ILogger logger, Exception exception, Guid instanceId);

    [LoggerMessage(35, LogLevel.Information, "Rebalancing tenant {TenantId}: {Count} integrations from instance {From} to instance {To}: {Reason}")]
    public static partial void Rebalancing(ILogger logger, Guid tenantId, int from, int to, int count, string reason);

    [LoggerMessage(40, LogLevel.Error, "Retry queue scan failed")]
    public static partial void RetryScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(41, LogLevel.Information, "Took over message {MessageId} of integration {IntegrationId} at attempt {Attempt}: its process did not continue it")]
    public static partial void RetryTakenOver(ILogger logger, string messageId, Guid integrationId, int attempt);

    [LoggerMessage(42, LogLevel.Information, "Message {MessageId} ended {Outcome}")]
    public static partial void RetryFinished(ILogger logger, string messageId, string outcome);

    [LoggerMessage(43, LogLevel.Error, "Continuing message {MessageId} failed")]
    public static partial void RetryContinuationFailed(ILogger logger, Exception exception, string messageId);
}
