using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>
/// Runs one resource through its life: wait for dependencies, start, probe until healthy, keep probing,
/// notice an exit, stop. Subclasses say how to start and probe.
/// </summary>
internal abstract class ResourceRunner(IResource resource, OrchestratorContext context)
{
    private static readonly TimeSpan StartupProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SteadyProbeInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _commands = new(1, 1);
    private volatile bool _stopping;
    private TaskCompletionSource _startRequested = new();
    private Task _currentRun = Task.CompletedTask;

    public IResource Resource { get; } = resource;

    protected OrchestratorContext Context { get; } = context;

    protected ResourceNotificationService Notifications => Context.Notifications;

    protected bool Stopping => _stopping;

    /// <summary>Starts the resource's processes; returns the tasks that complete when each exits.</summary>
    protected abstract Task<IReadOnlyList<Task<int>>> StartProcessesAsync(CancellationToken cancellationToken);

    protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    protected virtual Task OnFirstHealthyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task StopProcessesAsync();

    /// <summary>
    /// Runs the resource, then waits for a start command (after a stop, a restart or an exit) and runs it again,
    /// until the application stops.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                _startRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var run = RunCoreAsync(cancellationToken);
                _currentRun = run;
                await run.ConfigureAwait(false);
                await _startRequested.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                _stopping = false;
                Publish(s => s with { Restarts = s.Restarts + 1 });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The application stopped while this resource was still waiting or starting: nothing more to report.
        }
    }

    /// <summary>Starts a resource that was stopped or exited; false when it is still active.</summary>
    public async Task<bool> StartAsync()
    {
        await _commands.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!Notifications.TryGetSnapshot(Resource.Name, out var snapshot) || !KnownResourceStates.IsTerminal(snapshot.State))
            {
                return false;
            }

            await _currentRun.ConfigureAwait(false);
            // Published here, not by the run loop, so a second start command right after this one finds it active.
            Publish(s => s with { State = KnownResourceStates.Starting, StateReason = null });
            _startRequested.TrySetResult();
            return true;
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>Stops the processes of an active resource (state Finished) and starts them again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        if (!await WaitForDependenciesAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        IReadOnlyList<Task<int>> exits;
        try
        {
            Publish(s => s with { State = KnownResourceStates.Starting, Health = HealthStatus.Unknown, ExitCode = null, StateReason = null, StartedAt = DateTimeOffset.UtcNow, HealthyAt = null });
            exits = await StartProcessesAsync(cancellationToken).ConfigureAwait(false);
            Publish(s => s with { State = KnownResourceStates.Running });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Publish(s => s with { State = KnownResourceStates.FailedToStart, Health = HealthStatus.Unhealthy, StateReason = e.Message });
            return;
        }

        var firstExit = Task.WhenAny(exits);
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probe = ProbeLoopAsync(probing.Token);
        var exited = await firstExit.ConfigureAwait(false);
        await probing.CancelAsync().ConfigureAwait(false);
        await probe.ConfigureAwait(false);
        var code = await exited.ConfigureAwait(false);
        if (!_stopping)
        {
            // Stack frames are left out so the exception message of a crash stays among the lines shown.
            var lastLines = Context.Logs.GetLines(Resource.Name, last: 50)
                .Select(l => l.Content.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal))
                .TakeLast(6);
            Publish(s => s with
            {
                State = KnownResourceStates.Exited,
                Health = HealthStatus.Unhealthy,
                ExitCode = code,
                StateReason = $"exited with code {code}; last output: {string.Join(" | ", lastLines)}",
            });
        }
    }

    /// <summary>Stops the resource's processes (SIGTERM, then SIGKILL after the grace period); it can be started again.</summary>
    public async Task StopAsync()
    {
        await _commands.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopping = true;
            var active = Notifications.TryGetSnapshot(Resource.Name, out var snapshot) &&
                snapshot.State is KnownResourceStates.Starting or KnownResourceStates.Running;
            if (active)
            {
                Publish(s => s with { State = KnownResourceStates.Stopping });
            }

            // Always called: a resource that exited on its own may still hold a proxy or a surviving replica.
            await StopProcessesAsync().ConfigureAwait(false);
            if (active)
            {
                Publish(s => s with { State = KnownResourceStates.Finished, Health = HealthStatus.Unknown });
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    private async Task<bool> WaitForDependenciesAsync(CancellationToken cancellationToken)
    {
        var waits = Resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Distinct().ToList();
        if (waits.Count == 0)
        {
            return true;
        }

        Publish(s => s with { State = KnownResourceStates.Waiting, StateReason = $"waiting for {string.Join(", ", waits)}" });
        foreach (var name in waits)
        {
            try
            {
                await Notifications.WaitForResourceHealthyAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (DistributedApplicationException)
            {
                Publish(s => s with
                {
                    State = KnownResourceStates.FailedToStart,
                    StateReason = $"not started: '{name}', which it waits for, did not become healthy",
                });
                return false;
            }
        }

        return true;
    }

    private async Task ProbeLoopAsync(CancellationToken cancellationToken)
    {
        var everHealthy = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var healthy = await ProbeAsync(cancellationToken).ConfigureAwait(false);
                if (healthy && !everHealthy)
                {
                    await OnFirstHealthyAsync(cancellationToken).ConfigureAwait(false);
                    everHealthy = true;
                    Publish(s => s with { Health = HealthStatus.Healthy, HealthyAt = DateTimeOffset.UtcNow });
                }
                else if (everHealthy)
                {
                    Publish(s => s with { Health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy });
                }

                await Task.Delay(everHealthy ? SteadyProbeInterval : StartupProbeInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped or exited: the exit path publishes the final state.
        }
        catch (Exception e)
        {
            Publish(s => s with { Health = HealthStatus.Unhealthy, StateReason = e.Message });
        }
    }

    protected void Publish(Func<ResourceSnapshot, ResourceSnapshot> update) => OnPublished(Notifications.PublishUpdate(Resource.Name, update));

    /// <summary>Lets a runner mirror its state onto resources that live inside it.</summary>
    protected virtual void OnPublished(ResourceSnapshot snapshot)
    {
    }

    /// <summary>Publishes what the processes were started with, for the dashboard's details panel.</summary>
    protected void PublishLaunchDetails(LocalProcessSpec spec) => Publish(s => s with
    {
        Environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal),
        CommandLine = string.Join(' ', spec.Arguments.Prepend(spec.FileName).Select(QuoteIfNeeded)),
    });

    private static string QuoteIfNeeded(string argument) =>
        argument.Length > 0 && !argument.Any(char.IsWhiteSpace) && !argument.Contains('"', StringComparison.Ordinal)
            ? argument
            : $"\"{argument.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    protected void Log(string line, bool isError, int replica = 0) =>
        Context.Logs.Append(Resource.Name, new LogLine(DateTimeOffset.UtcNow, line, isError, replica));
}
