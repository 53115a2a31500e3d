namespace Vrsky.Nats.KeyValue;

/// <summary>
/// One bucket. Values are byte[] / ReadOnlyMemory&lt;byte&gt; / string as-is, anything else JSON (the
/// connection's serializer). Revisions are stream sequences and grow across the whole bucket.
/// </summary>
public interface INatsKVStore
{
    string Bucket { get; }

    /// <summary>Writes a value; returns its revision.</summary>
    ValueTask<ulong> PutAsync<T>(string key, T value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes only if the key has no value (never written, or last deleted/purged);
    /// otherwise throws <see cref="NatsKVWrongLastRevisionException"/>.
    /// </summary>
    ValueTask<ulong> CreateAsync<T>(string key, T value, CancellationToken cancellationToken = default);

    /// <summary>Compare-and-set: writes only if <paramref name="revision"/> is the key's latest revision, else throws <see cref="NatsKVWrongLastRevisionException"/>.</summary>
    ValueTask<ulong> UpdateAsync<T>(string key, T value, ulong revision, CancellationToken cancellationToken = default);

    /// <summary>Writes a delete marker; history stays until it ages out.</summary>
    ValueTask<ulong> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a purge marker that replaces (rolls up) every earlier revision of the key.</summary>
    ValueTask<ulong> PurgeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest value (revision 0) or a given revision. Throws <see cref="NatsKVKeyNotFoundException"/>,
    /// or <see cref="NatsKVKeyDeletedException"/> when the latest revision is a delete/purge marker.
    /// </summary>
    ValueTask<NatsKVEntry<T>> GetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="GetEntryAsync{T}"/>, but a missing or deleted key is a result, not an exception.</summary>
    ValueTask<NatsKVResult<NatsKVEntry<T>>> TryGetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Keys that currently hold a value, optionally matching a filter with <c>*</c> / <c>&gt;</c>.</summary>
    IAsyncEnumerable<string> GetKeysAsync(string filter = ">", CancellationToken cancellationToken = default);

    /// <summary>Every stored revision of a key, oldest first, delete markers included.</summary>
    IAsyncEnumerable<NatsKVEntry<T>> HistoryAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Current values of matching keys (or all revisions, or none; see <paramref name="opts"/>), then every
    /// change as it happens, until cancelled. Survives reconnects and gaps by resubscribing after the last seen revision.
    /// </summary>
    IAsyncEnumerable<NatsKVEntry<T>> WatchAsync<T>(string key = ">", NatsKVWatchOpts? opts = null, CancellationToken cancellationToken = default);
}
