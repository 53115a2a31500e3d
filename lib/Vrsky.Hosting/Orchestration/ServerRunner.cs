using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Runs a backing server (NATS, PostgreSQL, Redis, RabbitMQ) as a local process.</summary>
internal sealed class ServerRunner(IResource resource, LocalProcessAnnotation local, OrchestratorContext context)
    : ResourceRunner(resource, context)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private LocalProcessContext? _processContext;
    private ManagedProcess? _process;

    protected override async Task<IReadOnlyList<Task<int>>> StartProcessesAsync(CancellationToken cancellationToken)
    {
        var persistent = !Context.EphemeralData && Resource.Annotations.OfType<DataVolumeAnnotation>().Any();
        var dataDirectory = Path.Combine(persistent ? Context.PersistentDataDirectory : Context.ScratchDirectory, Resource.Name);
        Directory.CreateDirectory(dataDirectory);
        _processContext = new LocalProcessContext(Resource, dataDirectory, persistent, Context.Locator.Resolve, Context.Ports.AllocateFree);

        var spec = await local.Prepare(_processContext, cancellationToken).ConfigureAwait(false);
        var modelArgs = await Context.ResolveArgsAsync(Resource, cancellationToken).ConfigureAwait(false);
        spec = spec with { Arguments = [.. spec.Arguments, .. modelArgs], WorkingDirectory = spec.WorkingDirectory ?? dataDirectory };
        PublishLaunchDetails(spec);
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _process = ManagedProcess.Start(spec, Context.Watchdog, (line, isError) => Log(line, isError));
        return [_process.Exited];
    }

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) => local.HealthProbe(_processContext!, cancellationToken);

    protected override Task OnFirstHealthyAsync(CancellationToken cancellationToken) =>
        local.OnHealthy?.Invoke(_processContext!, cancellationToken) ?? Task.CompletedTask;

    protected override Task StopProcessesAsync() => _process?.StopAsync(local.StopSignal, StopGrace) ?? Task.CompletedTask;

    /// <summary>A database is up exactly when its server is up and has created it.</summary>
    protected override void OnPublished(ResourceSnapshot snapshot)
    {
        foreach (var child in Context.Children(Resource))
        {
            Notifications.PublishUpdate(child.Name, c => c with
            {
                State = snapshot.State,
                Health = snapshot.Health,
                StateReason = snapshot.StateReason,
                StartedAt = snapshot.StartedAt,
                HealthyAt = snapshot.HealthyAt,
            });
        }
    }
}
