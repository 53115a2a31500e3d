namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// Finds server binaries. Debian installs several off the PATH (PostgreSQL's versioned bin directory,
/// RabbitMQ's unwrapped script), so those directories are searched first.
/// </summary>
public sealed class ExecutableLocator(IReadOnlyList<string> searchDirectories)
{
    /// <summary>Configuration key of a path-separated list that replaces the default search path.</summary>
    public const string SearchPathConfigurationKey = "Vrsky:Hosting:ExecutableSearchPath";

    public IReadOnlyList<string> SearchDirectories { get; } = searchDirectories;

    public static ExecutableLocator Create(string? configuredSearchPath)
    {
        var directories = configuredSearchPath is not null
            ? configuredSearchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : new[] { "/usr/lib/rabbitmq/bin", PostgresBuilderExtensions.ServerBinDirectory }
                .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                .Concat(["/usr/sbin", "/sbin", "/usr/bin"])
                .Distinct()
                .ToArray();
        return new ExecutableLocator(directories);
    }

    public string? TryResolve(string name) =>
        Path.IsPathRooted(name)
            ? (File.Exists(name) ? name : null)
            : SearchDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public string Resolve(string name) =>
        TryResolve(name) ?? throw new DistributedApplicationException($"'{name}' was not found in {string.Join(Path.PathSeparator, SearchDirectories)}.");
}
