using System.Reflection;
using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// Starts the resources of a run without a container engine: checks binaries, assigns ports, starts every
/// resource concurrently (each waits for what it <c>WaitFor</c>s), and stops them in reverse dependency order.
/// </summary>
internal sealed class ApplicationOrchestrator(
    IReadOnlyList<IResource> resources,
    DistributedApplicationBuilder builder,
    ResourceNotificationService notifications,
    ResourceLoggerService logs) : IAsyncDisposable
{
    private readonly List<ResourceRunner> _runners = [];
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _shutdown = new();
    private OrchestratorContext? _context;
    private bool _stopped;

    public static void RegisterSnapshots(IReadOnlyList<IResource> resources, ResourceNotificationService notifications)
    {
        foreach (var resource in resources)
        {
            notifications.Register(new ResourceSnapshot
            {
                Name = resource.Name,
                ResourceType = ResourceTypes.Of(resource),
                Replicas = resource is ProjectResource p ? p.Replicas : 1,
                ReplicaStates = resource is ProjectResource project ? ReplicaSnapshot.For(resource.Name, project.Replicas) : [],
                // A parameter is ready as soon as it has a value; it is resolved on first use.
                State = resource is ParameterResource ? KnownResourceStates.Running : KnownResourceStates.NotStarted,
            });
        }
    }

    public Task StartAsync(IReadOnlyDictionary<string, string> telemetryEnvironment, CancellationToken cancellationToken)
    {
        var locator = ExecutableLocator.Create(builder.Configuration[ExecutableLocator.SearchPathConfigurationKey]);
        ThrowIfBinariesMissing(locator);

        var ports = new PortAllocator();
        AssignPorts(ports);

        var scratch = Directory.CreateTempSubdirectory("vrsky-");
        // Servers that run as another user (PostgreSQL as postgres) must be able to traverse to their data.
        File.SetUnixFileMode(scratch.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        _context = new OrchestratorContext
        {
            Resources = resources,
            Notifications = notifications,
            Logs = logs,
            Watchdog = new ChildProcessWatchdog(Path.Combine(Path.GetDirectoryName(scratch.FullName)!, $"{scratch.Name}.pids"), scratch.FullName),
            Ports = ports,
            Locator = locator,
            Options = builder.Options,
            ExecutionContext = builder.ExecutionContext,
            Configuration = builder.Configuration,
            ScratchDirectory = scratch.FullName,
            PersistentDataDirectory = Path.Combine(builder.AppHostDirectory, ".vrsky", "data"),
            BuildConfiguration = BuildConfigurationOf(builder.Options.AppHostAssembly),
            TelemetryEnvironment = telemetryEnvironment,
        };

        foreach (var resource in resources)
        {
            ResourceRunner? runner = resource switch
            {
                ProjectResource or ExecutableResource => new ProjectRunner(resource, _context),
                _ when resource.Annotations.OfType<LocalProcessAnnotation>().SingleOrDefault() is { } local => new ServerRunner(resource, local, _context),
                _ => null,
            };
            if (runner is not null)
            {
                _runners.Add(runner);
                _running.Add(Task.Run(() => runner.RunAsync(_shutdown.Token), CancellationToken.None));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>All missing binaries in one line, with the command that installs them.</summary>
    private void ThrowIfBinariesMissing(ExecutableLocator locator)
    {
        var missing = resources
            .SelectMany(r => r.Annotations.OfType<LocalProcessAnnotation>())
            .Where(l => locator.TryResolve(l.Executable) is null)
            .ToList();
        if (missing.Count > 0)
        {
            throw new DistributedApplicationException(
                $"Missing server binar{(missing.Count == 1 ? "y" : "ies")}: {string.Join(", ", missing.Select(m => m.Executable))}. " +
                $"Install with: sudo apt-get install -y {string.Join(' ', missing.Select(m => m.DebianPackage).Distinct())}");
        }
    }

    /// <summary>Fixed ports are claimed unless randomized (tests; or configuration <c>Vrsky:Hosting:RandomizePorts</c>).</summary>
    private void AssignPorts(PortAllocator ports)
    {
        var randomize = builder.Configuration.GetValue<bool?>("Vrsky:Hosting:RandomizePorts") ?? builder.Options.RandomizePorts;
        // Fixed ports first: a free port handed out before could otherwise be one a later resource insists on.
        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is not null && !randomize))
            {
                endpoint.AllocatedPort = ports.Claim(endpoint.Port!.Value, $"{resource.Name}/{endpoint.Name}");
            }
        }

        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is null || randomize))
            {
                endpoint.AllocatedPort = ports.AllocateFree();
            }

            notifications.PublishUpdate(resource.Name, s => s with
            {
                Endpoints = [.. resource.Annotations.OfType<EndpointAnnotation>().Select(e => $"{e.UriScheme}://127.0.0.1:{e.AllocatedPort}")],
            });
        }
    }

    private static string BuildConfigurationOf(Assembly? appHost) =>
        (appHost ?? Assembly.GetEntryAssembly())?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostConfiguration")?.Value ?? "Debug";

    /// <summary>Whether the resource has processes of its own that commands act on.</summary>
    public bool SupportsCommands(string resourceName) => _runners.Any(r => r.Resource.Name == resourceName);

    /// <summary>
    /// Stops, starts or restarts one resource's processes. False when the resource has no processes of its own (a
    /// parameter, a database), when the application is stopping, or when it cannot take the command in its state
    /// (start while it runs).
    /// </summary>
    public async Task<bool> ExecuteCommandAsync(string resourceName, string command)
    {
        if (!KnownResourceCommands.IsKnown(command))
        {
            throw new ArgumentException($"Unknown command '{command}': use {KnownResourceCommands.Stop}, {KnownResourceCommands.Start} or {KnownResourceCommands.Restart}.", nameof(command));
        }

        var runner = _runners.SingleOrDefault(r => r.Resource.Name == resourceName);
        if (runner is null || _stopped)
        {
            return false;
        }

        switch (command)
        {
            case KnownResourceCommands.Stop:
                await runner.StopAsync().ConfigureAwait(false);
                return true;
            case KnownResourceCommands.Start:
                return await runner.StartAsync().ConfigureAwait(false);
            default:
                await runner.RestartAsync().ConfigureAwait(false);
                return true;
        }
    }

    /// <summary>Stops dependents before what they depend on; resources of one level stop together.</summary>
    public async Task StopAsync()
    {
        if (_stopped || _context is null)
        {
            return;
        }

        _stopped = true;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var level in StopLevels())
        {
            await Task.WhenAll(level.Select(r => r.StopAsync())).ConfigureAwait(false);
        }

        await Task.WhenAll(_running).ConfigureAwait(false);
        _context.Watchdog.Dispose();
        TryDelete(_context.ScratchDirectory);
    }

    private IEnumerable<List<ResourceRunner>> StopLevels()
    {
        var remaining = _runners.ToList();
        while (remaining.Count > 0)
        {
            // A runner can stop once no remaining runner depends on it.
            var level = remaining.Where(r => !remaining.Any(other => other != r && DependsOn(other.Resource, r.Resource))).ToList();
            if (level.Count == 0)
            {
                level = remaining;
            }

            yield return level;
            remaining = remaining.Except(level).ToList();
        }
    }

    private static bool DependsOn(IResource dependent, IResource dependency) =>
        dependent.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == dependency) ||
        dependent.Annotations.OfType<ResourceReferenceAnnotation>().Any(r =>
            r.Resource == dependency || (r.Resource is IResourceWithParent child && child.Parent == dependency));

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The watchdog is gone by now; a leftover temp directory is harmless and the OS cleans /tmp.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }
}

internal static class ResourceTypes
{
    public static string Of(IResource resource) => resource switch
    {
        ProjectResource => "Project",
        ExecutableResource => "Executable",
        ParameterResource => "Parameter",
        PostgresDatabaseResource => "PostgresDatabase",
        _ => resource.GetType().Name.Replace("Resource", "", StringComparison.Ordinal),
    };
}
