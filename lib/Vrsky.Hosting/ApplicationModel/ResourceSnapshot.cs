namespace Vrsky.Hosting.ApplicationModel;

/// <summary>Lifecycle states a resource moves through.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
    public const string Finished = "Finished";

    /// <summary>States from which a resource will not become healthy without being started again.</summary>
    public static bool IsTerminal(string state) => state is Exited or FailedToStart or Finished;
}

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>What is known about a resource at one moment; immutable, replaced on every change.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }

    public required string ResourceType { get; init; }

    public string State { get; init; } = KnownResourceStates.NotStarted;

    public HealthStatus Health { get; init; } = HealthStatus.Unknown;

    public int? ExitCode { get; init; }

    /// <summary>Why the resource is in its state, for a person: the failure, or what it waits for.</summary>
    public string? StateReason { get; init; }

    public IReadOnlyList<string> Endpoints { get; init; } = [];

    public int Replicas { get; init; } = 1;

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? HealthyAt { get; init; }

    /// <summary>How often the resource was started again (by a restart or a start after a stop).</summary>
    public int Restarts { get; init; }

    /// <summary>The environment the resource's processes were started with (values include secrets: show masked).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line of its processes (may carry a password, e.g. redis-server's <c>--requirepass</c>).</summary>
    public string? CommandLine { get; init; }

    public override string ToString() =>
        $"{Name}: {State}{(Health == HealthStatus.Unknown ? "" : $" ({Health})")}" +
        (Endpoints.Count > 0 ? " " + string.Join(' ', Endpoints) : "") +
        (StateReason is null ? "" : $" — {StateReason}");
}
