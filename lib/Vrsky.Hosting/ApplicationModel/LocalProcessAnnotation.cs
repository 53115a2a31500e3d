namespace Vrsky.Hosting.ApplicationModel;

/// <summary>
/// How a backing server runs on this machine without a container engine: which binary (and the Debian package
/// that provides it), how to prepare and start it, how to tell it is healthy and what to do once it is.
/// </summary>
public sealed class LocalProcessAnnotation(string executable, string debianPackage) : IResourceAnnotation
{
    /// <summary>File name of the server binary, looked up on the executable search path.</summary>
    public string Executable { get; } = executable;

    public string DebianPackage { get; } = debianPackage;

    /// <summary>Prepares the data directory and returns the command to run.</summary>
    public required Func<LocalProcessContext, CancellationToken, Task<LocalProcessSpec>> Prepare { get; init; }

    /// <summary>True once the server serves requests.</summary>
    public required Func<LocalProcessContext, CancellationToken, Task<bool>> HealthProbe { get; init; }

    /// <summary>Runs once after the first healthy probe (e.g. creating databases).</summary>
    public Func<LocalProcessContext, CancellationToken, Task>? OnHealthy { get; init; }

    /// <summary>The signal that asks for a fast, clean shutdown (PostgreSQL wants SIGINT).</summary>
    public int StopSignal { get; init; } = Signals.SIGTERM;
}

/// <summary>A process to start.</summary>
public sealed record LocalProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public Dictionary<string, string> Environment { get; init; } = new(StringComparer.Ordinal);

    public string? WorkingDirectory { get; init; }

    /// <summary>Run as this user instead (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }
}

/// <summary>What a local process's callbacks may use.</summary>
public sealed class LocalProcessContext(IResource resource, string dataDirectory, bool persistent, Func<string, string> resolveExecutable, Func<int> allocatePort)
{
    public IResource Resource { get; } = resource;

    /// <summary>Directory the server keeps its data and config in; exists before <c>Prepare</c> runs.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>True when the data survives the run (<c>WithDataVolume</c>).</summary>
    public bool Persistent { get; } = persistent;

    /// <summary>Full path of a binary from the executable search path.</summary>
    public Func<string, string> ResolveExecutable { get; } = resolveExecutable;

    /// <summary>A free loopback port for the server's internal use (not an endpoint of the model).</summary>
    public Func<int> AllocatePort { get; } = allocatePort;

    public int Port(string endpointName) =>
        Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName).AllocatedPort
        ?? throw new InvalidOperationException($"Endpoint '{endpointName}' of '{Resource.Name}' has no port.");
}

public static class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
}
