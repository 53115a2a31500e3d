using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>
/// The one place resource state leaves the orchestrator: the dashboard, the console printer and tests all read it.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly List<Channel<ResourceSnapshot>> _watchers = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<ResourceSnapshot> Snapshots => [.. _snapshots.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public bool TryGetSnapshot(string name, out ResourceSnapshot snapshot) => _snapshots.TryGetValue(name, out snapshot!);

    public ResourceSnapshot PublishUpdate(string name, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        ResourceSnapshot next;
        lock (_gate)
        {
            var current = _snapshots.TryGetValue(name, out var s)
                ? s
                : throw new InvalidOperationException($"Unknown resource '{name}'.");
            next = update(current);
            if (next == current)
            {
                return current;
            }

            _snapshots[name] = next;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }

        return next;
    }

    internal void Register(ResourceSnapshot initial) => _snapshots[initial.Name] = initial;

    /// <summary>Current snapshots first, then every change, until cancelled.</summary>
    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var snapshot in _snapshots.Values)
            {
                channel.Writer.TryWrite(snapshot);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <summary>Waits until the resource's snapshot satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        if (!_snapshots.ContainsKey(name))
        {
            throw new ArgumentException($"Unknown resource '{name}'.", nameof(name));
        }

        await foreach (var snapshot in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Name == name && predicate(snapshot))
            {
                return snapshot;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Waits for the resource to report healthy; fails at once if it exits or cannot start instead.</summary>
    public async Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default)
    {
        var snapshot = await WaitForResourceAsync(
            name, s => s.Health == HealthStatus.Healthy || KnownResourceStates.IsTerminal(s.State), cancellationToken).ConfigureAwait(false);
        return snapshot.Health == HealthStatus.Healthy && !KnownResourceStates.IsTerminal(snapshot.State)
            ? snapshot
            : throw new DistributedApplicationException($"Resource '{name}' will not become healthy: {snapshot.State}" +
                (snapshot.StateReason is null ? "." : $": {snapshot.StateReason}"));
    }
}
