using System.Reflection;

namespace Vrsky.Hosting;

/// <summary>How the AppHost runs. The testing builder changes these so test runs never collide.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>The AppHost assembly; its metadata says where the AppHost project lives.</summary>
    public Assembly? AppHostAssembly { get; init; }

    /// <summary>Allocate free ports even where the model asks for fixed ones.</summary>
    public bool RandomizePorts { get; init; }

    /// <summary>Ignore <c>WithDataVolume</c>: keep every server's data in a temporary directory removed at stop.</summary>
    public bool EphemeralData { get; init; }

    /// <summary>Keep generated parameter values in the AppHost's .vrsky folder so persisted data stays usable.</summary>
    public bool PersistParameters { get; init; } = true;

    /// <summary>Print the login URL and every state change to the console.</summary>
    public bool PrintToConsole { get; init; } = true;

    /// <summary>Where the dashboard listens; port 0 picks a free port.</summary>
    public string DashboardUrl { get; init; } = "http://127.0.0.1:18888";
}
