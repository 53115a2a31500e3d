using System.Runtime.CompilerServices;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>Reads a bucket's current entries as a stream, without listing its keys first or holding them all.</summary>
internal static class LatestEntries
{
    /// <summary>
    /// The latest entry of every key matching <paramref name="filter"/> whose revision is above <paramref name="afterRevision"/>,
    /// oldest revision first; ends once caught up with the bucket. A deleted key comes as its delete marker (no value),
    /// so a caller bounding its work counts those too and its cursor moves past them. The server starts right after
    /// <paramref name="afterRevision"/>: the platform buckets keep one revision per key, so what it sends from there is
    /// exactly the latest entries written since, and nothing before the cursor is read. Entries written meanwhile come
    /// along (an updated key comes again, later), so a caller bounds how many it takes.
    /// </summary>
    public static async IAsyncEnumerable<NatsKVEntry<T>> ReadAsync<T>(
        INatsKVStore store, string filter, ulong afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A watch on a bucket with nothing to deliver never delivers anything, so "nothing there" ends it instead.
        using var empty = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opts = new NatsKVWatchOpts
        {
            StartRevision = afterRevision > 0 ? afterRevision + 1 : null,
            OnNoData = async _ => await empty.CancelAsync(),
        };
        await using var entries = store.WatchAsync<T>(filter, opts, empty.Token).GetAsyncEnumerator(empty.Token);
        while (true)
        {
            try
            {
                if (!await entries.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            var entry = entries.Current;
            yield return entry;
            if (entry.Delta == 0)
            {
                yield break;
            }
        }
    }
}
