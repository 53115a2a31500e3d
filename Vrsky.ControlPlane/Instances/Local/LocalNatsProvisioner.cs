using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.ControlPlane.Instances.Local;

/// <summary>
/// Runs each tenant instance as a local <c>nats-server</c>. A watchdog process (the AppHost's own kind) kills every
/// server's process group should the control plane die without stopping them, even by SIGKILL; on an orderly
/// shutdown <see cref="DisposeAsync"/> stops them all.
/// </summary>
public sealed class LocalNatsProvisioner : IInstanceProvisioner, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, LocalNatsServer> _servers = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _root;
    private readonly ILogger<LocalNatsProvisioner> _logger;
    private readonly bool _ownsRoot;
    private ChildProcessWatchdog? _watchdog;
    private bool _disposed;

    public LocalNatsProvisioner(IOptions<ProvisionerOptions> options, NatsMonitorClient monitor, ILogger<LocalNatsProvisioner> logger)
    {
        NatsServerPath = options.Value.NatsServerPath;
        ReadyTimeout = options.Value.ReadyTimeout;
        Monitor = monitor;
        _logger = logger;
        // Only a directory of our own making may be removed wholesale by the watchdog.
        _ownsRoot = options.Value.DataDirectory is null;
        _root = options.Value.DataDirectory
            ?? Path.Combine(Path.GetTempPath(), $"vrsky-controlplane-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
    }

    internal string NatsServerPath { get; }

    internal TimeSpan ReadyTimeout { get; }

    internal NatsMonitorClient Monitor { get; }

    internal ChildProcessWatchdog Watchdog => _watchdog ?? throw new InvalidOperationException("No instance was provisioned yet.");

    /// <summary>The server process of an instance, for operators and tests; null when it is not running.</summary>
    public int? GetPid(Guid instanceId) => _servers.TryGetValue(instanceId, out var server) ? server.Pid : null;

    public async Task<InstanceEndpoints> ProvisionAsync(InstanceSpec spec, IProgress<string> progress, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_servers.TryGetValue(spec.InstanceId, out var running))
            {
                return running.Endpoints;
            }

            if (!File.Exists(NatsServerPath))
            {
                throw new InvalidOperationException($"{NatsServerPath} is missing: install it with 'apt-get install nats-server'.");
            }

            Directory.CreateDirectory(_root);
            _watchdog ??= new ChildProcessWatchdog(Path.Combine(_root, "servers.pids"), _ownsRoot ? _root : null);
            progress.Report("starting nats-server");
            var server = new LocalNatsServer(spec, Path.Combine(_root, spec.InstanceId.ToString("N")), FreePort(), FreePort(), this);
            await server.StartAsync(cancellationToken);
            _servers[spec.InstanceId] = server;
            ControlPlaneLog.LocalInstanceStarted(_logger, spec.TenantSlug, spec.InstanceNumber, server.Endpoints.ClientUrl, server.Pid ?? 0);
            return server.Endpoints;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for a start of the same instance in progress, so a server that comes up meanwhile is stopped too.</summary>
    public async Task DeprovisionAsync(InstanceSpec spec, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_servers.TryRemove(spec.InstanceId, out var server))
            {
                await server.StopAsync();
                ControlPlaneLog.LocalInstanceStopped(_logger, spec.TenantSlug, spec.InstanceNumber);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    internal void OnUnexpectedExit(InstanceSpec spec, int exitCode) =>
        ControlPlaneLog.LocalInstanceDied(_logger, spec.TenantSlug, spec.InstanceNumber, exitCode);

    /// <summary>Waits for a start in progress (a server coming up after the stop would have no owner), then stops all.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // The container may dispose this twice (it is registered under more than one service type).
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await Task.WhenAll(_servers.Values.Select(s => s.StopAsync()));
            _servers.Clear();
            _watchdog?.Dispose();
            _watchdog = null;
            if (Directory.Exists(_root) && !Directory.EnumerateFileSystemEntries(_root).Any())
            {
                Directory.Delete(_root);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
