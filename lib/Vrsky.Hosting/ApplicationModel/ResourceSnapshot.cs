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

    /// <summary>Each process of a project by itself (<c>gateway-0</c>, <c>gateway-1</c>, …); empty for servers.</summary>
    public IReadOnlyList<ReplicaSnapshot> ReplicaStates { get; init; } = [];

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

/// <summary>One replica (process) of a project: its own state, health, start time and restarts.</summary>
public sealed record ReplicaSnapshot(int Index, string Name)
{
    public string State { get; init; } = KnownResourceStates.NotStarted;

    public HealthStatus Health { get; init; } = HealthStatus.Unknown;

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>How often this replica's process was started again.</summary>
    public int Restarts { get; init; }

    public int? ExitCode { get; init; }

    public int? ProcessId { get; init; }

    /// <summary>The replica's own address when several replicas share an endpoint behind a proxy.</summary>
    public string? Endpoint { get; init; }

    public static IReadOnlyList<ReplicaSnapshot> For(string resource, int replicas) =>
        [.. Enumerable.Range(0, replicas).Select(i => new ReplicaSnapshot(i, NameOf(resource, i)))];

    /// <summary><c>{resource}-{index}</c>, the name the replica's telemetry carries too (<c>service.instance.id</c>).</summary>
    public static string NameOf(string resource, int index) => $"{resource}-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
