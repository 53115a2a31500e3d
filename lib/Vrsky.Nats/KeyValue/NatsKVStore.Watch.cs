using System.Runtime.CompilerServices;
using Vrsky.Nats.KeyValue.Internal;

namespace Vrsky.Nats.KeyValue;

public sealed partial class NatsKVStore
{
    public IAsyncEnumerable<NatsKVEntry<T>> WatchAsync<T>(string key = ">", NatsKVWatchOpts? opts = null, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidFilter(key);
        opts ??= new NatsKVWatchOpts();
        if (opts.IncludeHistory && opts.UpdatesOnly)
        {
            throw new ArgumentException($"{nameof(opts.IncludeHistory)} and {nameof(opts.UpdatesOnly)} exclude each other", nameof(opts));
        }

        if (opts.StartRevision is { } start && (start == 0 || opts.UpdatesOnly))
        {
            throw new ArgumentException($"{nameof(opts.StartRevision)} must be at least 1 and excludes {nameof(opts.UpdatesOnly)}", nameof(opts));
        }

        return Watcher<T>(key, opts).RunAsync(untilCaughtUp: false, cancellationToken);
    }

    public async IAsyncEnumerable<string> GetKeysAsync(string filter = ">", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidFilter(filter);
        var latest = Watcher<ReadOnlyMemory<byte>>(filter, new NatsKVWatchOpts { MetaOnly = true, IgnoreDeletes = true });
        await foreach (var entry in latest.RunAsync(untilCaughtUp: true, cancellationToken).ConfigureAwait(false))
        {
            yield return entry.Key;
        }
    }

    public IAsyncEnumerable<NatsKVEntry<T>> HistoryAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        NatsKVValidator.ThrowIfInvalidKey(key);
        return Watcher<T>(key, new NatsKVWatchOpts { IncludeHistory = true }).RunAsync(untilCaughtUp: true, cancellationToken);
    }

    private NatsKVWatcher<T> Watcher<T>(string filter, NatsKVWatchOpts opts) =>
        new(_js, Bucket, _stream, KeySubject(filter), opts);
}
