using System.Text.Json;

namespace Vrsky.Nats.Tests.Infrastructure;

/// <summary>
/// Three routed nats-server nodes on loopback with JetStream, ready once every node sees its
/// routes and the JetStream meta group has a leader.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormDeadline = TimeSpan.FromSeconds(30);

    private NatsCluster(IReadOnlyList<NatsServerProcess> nodes) => Nodes = nodes;

    public IReadOnlyList<NatsServerProcess> Nodes { get; }

    /// <summary>All client URLs, comma-separated, as a client's Url option takes them.</summary>
    public string Url => string.Join(",", Nodes.Select(n => n.Url));

    public static async Task<NatsCluster> StartAsync(int size = 3, bool jetStream = true, CancellationToken cancellationToken = default)
    {
        var clusterPorts = Enumerable.Range(0, size).Select(_ => FreePort.Next()).ToArray();
        var clusterName = "vrsky-" + Guid.NewGuid().ToString("N")[..8];
        var nodes = new List<NatsServerProcess>();
        for (var i = 0; i < size; i++)
        {
            var routes = string.Join(",", clusterPorts.Where((_, j) => j != i).Select(p => $"nats://127.0.0.1:{p}"));
            nodes.Add(NatsServerProcess.Create(new NatsServerOptions
            {
                JetStream = jetStream,
                Monitoring = true,
                ServerName = $"{clusterName}-n{i}",
                ExtraArgs = ["-cluster", $"nats://127.0.0.1:{clusterPorts[i]}", "-cluster_name", clusterName, "-routes", routes],
            }));
        }

        var cluster = new NatsCluster(nodes);
        try
        {
            // Started together: a JetStream node's /healthz only passes once peers are there.
            await Task.WhenAll(nodes.Select(n => n.StartProcessAsync(cancellationToken)));
            await Eventually.WaitAsync(() => cluster.AllRoutedAsync(cancellationToken), FormDeadline, "routes between all nodes");
            if (jetStream)
            {
                await Eventually.WaitAsync(() => cluster.MetaLeaderElectedAsync(cancellationToken), FormDeadline, "JetStream meta leader");
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<bool> AllRoutedAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            using var doc = JsonDocument.Parse(await TryGetAsync(node, "/routez", cancellationToken) ?? "{}");
            if (!doc.RootElement.TryGetProperty("num_routes", out var routes) || routes.GetInt32() < Nodes.Count - 1)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> MetaLeaderElectedAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            using var doc = JsonDocument.Parse(await TryGetAsync(node, "/jsz", cancellationToken) ?? "{}");
            if (!doc.RootElement.TryGetProperty("meta_cluster", out var meta)
                || !meta.TryGetProperty("leader", out var leader)
                || string.IsNullOrEmpty(leader.GetString()))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<string?> TryGetAsync(NatsServerProcess node, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await node.GetMonitorAsync(path, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
