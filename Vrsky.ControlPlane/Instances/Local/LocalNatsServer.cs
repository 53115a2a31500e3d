using System.Diagnostics;
using System.Globalization;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;
using Vrsky.Hosting.Publishing.Kubernetes;

namespace Vrsky.ControlPlane.Instances.Local;

/// <summary>
/// One tenant instance as a real <c>nats-server</c> (NATS Core only: no <c>-js</c>, nothing on disk but its config)
/// on its own loopback ports, in a process group of its own, restarted on the same ports whenever it dies.
/// </summary>
internal sealed class LocalNatsServer(InstanceSpec spec, string directory, int clientPort, int monitorPort, LocalNatsProvisioner host)
{
    private const int KeptOutputLines = 20;
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Queue<string> _output = new();
    private ManagedProcess? _process;
    private Task _supervisor = Task.CompletedTask;
    private volatile bool _stopping;

    public InstanceSpec Spec { get; } = spec;

    public InstanceEndpoints Endpoints { get; } = new(
        $"nats://127.0.0.1:{clientPort.ToString(CultureInfo.InvariantCulture)}",
        $"http://127.0.0.1:{monitorPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The running server's process id (also its process group), null between a crash and its restart.</summary>
    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _process is { Exited.IsCompleted: false } p ? p.Pid : null;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        // The credentials go in a file only this user can read, never on the command line.
        var config = $$"""
            server_name: {{TenantNatsRenderer.Name(Spec.TenantSlug, Spec.InstanceNumber)}}
            listen: 127.0.0.1:{{clientPort.ToString(CultureInfo.InvariantCulture)}}
            http: 127.0.0.1:{{monitorPort.ToString(CultureInfo.InvariantCulture)}}
            authorization { user: "{{Spec.Credentials.User}}", password: "{{Spec.Credentials.Password}}" }
            """;
        await PrivateFile.WriteAsync(ConfigPath, config, cancellationToken);
        var process = Launch() ?? throw new OperationCanceledException("The instance is being stopped.");
        try
        {
            await WaitHealthyAsync(process, cancellationToken);
        }
        catch
        {
            // Never healthy, or the start was cancelled (shutdown): a server nobody keeps must not outlive this call.
            await process.StopAsync(Signals.SIGKILL, TimeSpan.FromSeconds(1));
            Directory.Delete(directory, recursive: true);
            throw;
        }

        _supervisor = SuperviseAsync(process);
    }

    public async Task StopAsync()
    {
        ManagedProcess? process;
        lock (_gate)
        {
            _stopping = true;
            process = _process;
        }

        if (process is not null)
        {
            await process.StopAsync(Signals.SIGTERM, TimeSpan.FromSeconds(5));
        }

        await _supervisor;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string ConfigPath => Path.Combine(directory, "nats.conf");

    /// <summary>Starts the process unless a stop has begun (checked under the same lock the stop takes, so none slips past it).</summary>
    private ManagedProcess? Launch()
    {
        var spec = new LocalProcessSpec(host.NatsServerPath, ["-c", ConfigPath]) { WorkingDirectory = directory };
        lock (_gate)
        {
            if (_stopping)
            {
                return null;
            }

            _process = ManagedProcess.Start(spec, host.Watchdog, KeepOutput);
            return _process;
        }
    }

    private void KeepOutput(string line, bool isError)
    {
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync(ManagedProcess process, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(host.ReadyTimeout);
        try
        {
            while (!await host.Monitor.IsHealthyAsync(Endpoints.MonitorUrl, deadline.Token))
            {
                if (process.Exited.IsCompleted)
                {
                    throw new InvalidOperationException($"nats-server exited with code {process.Exited.Result}: {LastOutput()}");
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"nats-server did not become healthy within {host.ReadyTimeout.TotalSeconds:0} s: {LastOutput()}");
        }
    }

    /// <summary>Restarts a server that died on its own, backing off up to 5 s while it keeps dying.</summary>
    private async Task SuperviseAsync(ManagedProcess process)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var launched = Stopwatch.GetTimestamp();
        while (true)
        {
            var exitCode = await process.Exited;
            await process.DisposeAsync();
            if (_stopping)
            {
                return;
            }

            host.OnUnexpectedExit(Spec, exitCode);
            delay = Stopwatch.GetElapsedTime(launched) > StableAfter ? TimeSpan.FromMilliseconds(100) : delay;
            await Task.Delay(delay);
            launched = Stopwatch.GetTimestamp();
            if (Launch() is not { } next)
            {
                return;
            }

            process = next;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
        }
    }

    private string LastOutput()
    {
        lock (_output)
        {
            return string.Join(" | ", _output);
        }
    }
}
