using System.Globalization;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// Runs a project (from its build output) or an executable, in N replicas. With several replicas each listens on
/// a port of its own and a <see cref="ReplicaProxy"/> holds the endpoint's port. Each replica's state, health and
/// start time is published by itself as well (<see cref="ResourceSnapshot.ReplicaStates"/>).
/// </summary>
internal sealed class ProjectRunner(IResource resource, OrchestratorContext context) : ResourceRunner(resource, context)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly List<ManagedProcess> _replicas = [];
    private readonly List<ReplicaProxy> _proxies = [];
    private readonly List<int> _probePorts = [];
    private int _runs;

    private int ReplicaCount => Resource is ProjectResource project ? project.Replicas : 1;

    private IEnumerable<EndpointAnnotation> HttpEndpoints => Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsHttp);

    protected override async Task<IReadOnlyList<Task<int>>> StartProcessesAsync(CancellationToken cancellationToken)
    {
        await ReleasePreviousRunAsync().ConfigureAwait(false);
        var (fileName, baseArgs, workingDirectory) = ResolveCommand();
        var args = baseArgs.Concat(await Context.ResolveArgsAsync(Resource, cancellationToken).ConfigureAwait(false)).ToList();
        var environment = await Context.ResolveEnvironmentAsync(Resource, cancellationToken).ConfigureAwait(false);
        var portsByReplica = AssignReplicaPorts();
        var run = _runs++;

        for (var replica = 0; replica < ReplicaCount; replica++)
        {
            var spec = new LocalProcessSpec(fileName, args) { WorkingDirectory = workingDirectory };
            foreach (var (key, value) in Context.TelemetryEnvironment)
            {
                spec.Environment[key] = value;
            }

            spec.Environment["OTEL_SERVICE_NAME"] = Resource.Name;
            spec.Environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Resource.Name}-{replica}";
            spec.Environment["DOTNET_ENVIRONMENT"] = "Development";
            spec.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            spec.Environment["REPLICA_INDEX"] = replica.ToString(CultureInfo.InvariantCulture);
            if (portsByReplica[replica].Count > 0)
            {
                spec.Environment["ASPNETCORE_URLS"] = string.Join(';', portsByReplica[replica].Select(p => $"http://127.0.0.1:{p}"));
            }

            foreach (var (key, value) in environment)
            {
                spec.Environment[key] = value;
            }

            if (replica == 0)
            {
                PublishLaunchDetails(spec);
            }

            var index = replica;
            var process = ManagedProcess.Start(spec, Context.Watchdog, (line, isError) => Log(line, isError, index));
            _replicas.Add(process);
            PublishReplica(index, r => r with
            {
                State = KnownResourceStates.Running,
                Health = HealthStatus.Unknown,
                StartedAt = DateTimeOffset.UtcNow,
                Restarts = run,
                ExitCode = null,
                ProcessId = process.Pid,
                Endpoint = ReplicaCount > 1 && portsByReplica[index].Count > 0 ? $"http://127.0.0.1:{portsByReplica[index][0]}" : null,
            });
            _ = WatchExitAsync(index, process);
        }

        return [.. _replicas.Select(r => r.Exited)];
    }

    /// <summary>A replica that ends is Finished when it was stopped, otherwise Exited with its code.</summary>
    private async Task WatchExitAsync(int index, ManagedProcess process)
    {
        var code = await process.Exited.ConfigureAwait(false);
        PublishReplica(index, r => r.ProcessId != process.Pid ? r : r with
        {
            State = Stopping ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            Health = Stopping ? HealthStatus.Unknown : HealthStatus.Unhealthy,
            ExitCode = code,
        });
    }

    private void PublishReplica(int index, Func<ReplicaSnapshot, ReplicaSnapshot> update) => Publish(s =>
    {
        var replicas = s.ReplicaStates.Count == ReplicaCount ? [.. s.ReplicaStates] : ReplicaSnapshot.For(Resource.Name, ReplicaCount).ToList();
        var updated = update(replicas[index]);
        if (updated == replicas[index])
        {
            return s;
        }

        replicas[index] = updated;
        return s with { ReplicaStates = replicas };
    });

    /// <summary>A started-again resource gets fresh processes, replica ports and proxies; the stopped ones are let go.</summary>
    private async Task ReleasePreviousRunAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }

        _replicas.Clear();
        _proxies.Clear();
        _probePorts.Clear();
    }

    /// <summary>Gives each replica its own port per HTTP endpoint; with one replica it binds the endpoint's port itself.</summary>
    private List<List<int>> AssignReplicaPorts()
    {
        var ports = Enumerable.Range(0, ReplicaCount).Select(_ => new List<int>()).ToList();
        foreach (var endpoint in HttpEndpoints)
        {
            var endpointPort = endpoint.AllocatedPort!.Value;
            if (ReplicaCount == 1)
            {
                ports[0].Add(endpointPort);
                continue;
            }

            var replicaPorts = ports.Select(list =>
            {
                var port = Context.Ports.AllocateFree();
                list.Add(port);
                return port;
            }).ToList();
            _proxies.Add(new ReplicaProxy(endpointPort, replicaPorts));
        }

        _probePorts.AddRange(ports.Where(p => p.Count > 0).Select(p => p[0]));
        return ports;
    }

    private (string FileName, List<string> Args, string WorkingDirectory) ResolveCommand()
    {
        if (Resource is ExecutableResource executable)
        {
            return (Context.Locator.TryResolve(executable.Command) ?? executable.Command, [], executable.WorkingDirectory);
        }

        var project = (ProjectResource)Resource;
        var projectDirectory = Path.GetDirectoryName(project.ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(project.ProjectPath);
        var binDirectory = Path.Combine(projectDirectory, "bin", Context.BuildConfiguration);
        var dll = Directory.Exists(binDirectory)
            ? Directory.EnumerateFiles(binDirectory, assemblyName + ".dll", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return dll is null
            ? throw new DistributedApplicationException(
                $"Project '{Resource.Name}' has no build output in {binDirectory}: run 'dotnet build {project.ProjectPath} -c {Context.BuildConfiguration}'.")
            : ("dotnet", [dll], projectDirectory);
    }

    /// <summary>
    /// Healthy when every replica answers <c>/health</c> (each replica's own result is published too); a project
    /// without HTTP endpoint is healthy while running.
    /// </summary>
    protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var all = true;
        for (var index = 0; index < _probePorts.Count; index++)
        {
            var healthy = await HealthProbes.HttpOkAsync($"http://127.0.0.1:{_probePorts[index]}/health", cancellationToken).ConfigureAwait(false);
            PublishReplica(index, r => r.State == KnownResourceStates.Running ? r with { Health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy } : r);
            all &= healthy;
        }

        if (_probePorts.Count == 0)
        {
            for (var index = 0; index < _replicas.Count; index++)
            {
                PublishReplica(index, r => r.State == KnownResourceStates.Running ? r with { Health = HealthStatus.Healthy } : r);
            }
        }

        return all;
    }

    protected override async Task StopProcessesAsync()
    {
        await Task.WhenAll(_replicas.Select(r => r.StopAsync(Signals.SIGTERM, StopGrace))).ConfigureAwait(false);
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }
    }
}
