namespace Vrsky.ControlPlane.Instances;

/// <summary>The values of <c>nats_instances.status</c> (the schema's CHECK constraint lists the same ones).</summary>
public static class InstanceStatus
{
    public const string Provisioning = "provisioning";
    public const string Active = "active";
    public const string Scaling = "scaling";
    public const string Draining = "draining";
    public const string Terminating = "terminating";
    public const string Terminated = "terminated";
    public const string Unhealthy = "unhealthy";

    public static IReadOnlyList<string> All { get; } = [Provisioning, Active, Scaling, Draining, Terminating, Terminated, Unhealthy];

    /// <summary>States in which a server runs and workers should connect to it.</summary>
    public static IReadOnlyList<string> Serving { get; } = [Active, Scaling, Draining, Unhealthy];

    /// <summary>
    /// States an instance becomes unhealthy from when its server stops answering: running and not on its way out
    /// (a draining instance is stopped anyway, and must stay draining so nothing is placed on it or scaled meanwhile).
    /// </summary>
    public static IReadOnlyList<string> CanTurnUnhealthy { get; } = [Active, Scaling];

    /// <summary>States in which an instance takes new integrations.</summary>
    public static IReadOnlyList<string> Placeable { get; } = [Provisioning, Active, Scaling];
}

public sealed record NatsInstance(
    Guid Id,
    Guid TenantId,
    int InstanceNumber,
    string DnsName,
    string? Url,
    string? MonitorUrl,
    string Status,
    int IntegrationCount,
    double MessageRateAvg,
    int ConnectionCount,
    double MemoryUsageMb,
    DateTimeOffset? LastPolledAt);
