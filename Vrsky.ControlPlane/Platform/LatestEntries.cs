using System.Runtime.CompilerServices;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>Reads a bucket's current entries as a stream, without listing its keys first or holding them all.</summary>
internal static class LatestEntries
{
    /// <summary>
    /// The latest value of every key matching <paramref name="filter"/> whose revision is above <paramref name="afterRevision"/>,
    /// oldest revision first, as the server delivers them; ends once caught up with the bucket. Entries written
    /// meanwhile come along (an updated key comes again, later), so a caller bounds how many it takes.
    /// </summary>
    public static async IAsyncEnumerable<NatsKVEntry<T>> ReadAsync<T>(
        INatsKVStore store, string filter, ulong afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A watch on a bucket with nothing to deliver never delivers anything, so "nothing there" ends it instead.
        using var empty = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opts = new NatsKVWatchOpts { OnNoData = async _ => await empty.CancelAsync() };
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
            if (entry.Operation == NatsKVOperation.Put && entry.Revision > afterRevision)
            {
                yield return entry;
            }

            if (entry.Delta == 0)
            {
                yield break;
            }
        }
    }
}
