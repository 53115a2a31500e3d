using Vrsky.ControlPlane.Platform;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.Platform;

/// <summary>
/// What reading a bucket after a cursor costs, counted where the entries arrive from the server: a cursor near the end
/// of a long bucket reads only what lies beyond it (the retry runner's scans and the DLQ pages rely on that).
/// </summary>
public sealed class LatestEntriesTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private NatsServerProcess _server = null!;
    private NatsConnection _nats = null!;

    public async Task InitializeAsync()
    {
        _server = await NatsServerProcess.StartAsync(new NatsServerOptions { JetStream = true });
        _nats = new NatsConnection(NatsOpts.FromConnectionString(_server.Url));
    }

    [Fact]
    public async Task ACursorNearTheEndReadsOnlyTheEntriesAfterIt()
    {
        var store = new CountingStore(await NewBucketAsync());
        var revisions = new List<ulong>();
        for (var i = 1; i <= 100; i++)
        {
            revisions.Add(await store.PutAsync($"k{i}", $"v{i}"));
        }

        var after90 = await ReadAllAsync(store, ">", revisions[89]);

        Assert.Equal(Enumerable.Range(91, 10).Select(i => $"k{i}"), after90.Select(e => e.Key));
        Assert.Equal(10, store.TakeDelivered());
        Assert.Equal(100, (await ReadAllAsync(store, ">", 0)).Count);
    }

    [Fact]
    public async Task DeleteMarkersAfterTheCursorComeWithoutAValueSoACallerCountsThem()
    {
        var store = new CountingStore(await NewBucketAsync());
        var cursor = await store.PutAsync("a.1", "x");
        await store.PutAsync("a.2", "x");
        await store.PutAsync("b.1", "x");
        await store.DeleteAsync("a.2");
        await store.PutAsync("a.3", "x");

        var seen = await ReadAllAsync(store, "a.*", cursor);

        Assert.Equal([("a.2", null), ("a.3", "x")], seen.Select(e => (e.Key, e.Value)));
        Assert.Equal(2, store.TakeDelivered());
    }

    [Fact]
    public async Task NothingAfterTheCursorEndsAtOnce()
    {
        var store = new CountingStore(await NewBucketAsync());
        var last = await store.PutAsync("k", "v");

        Assert.Empty(await ReadAllAsync(store, ">", last));
        Assert.Empty(await ReadAllAsync(new CountingStore(await NewBucketAsync()), ">", 0));
    }

    /// <summary>Like the platform buckets: one revision per key.</summary>
    private async Task<INatsKVStore> NewBucketAsync() =>
        await _nats.CreateJetStreamContext().CreateKeyValueContext().CreateStoreAsync(
            new NatsKVConfig($"latest_{Guid.NewGuid():N}") { History = 1, Storage = StorageType.Memory });

    private static async Task<List<NatsKVEntry<string>>> ReadAllAsync(INatsKVStore store, string filter, ulong afterRevision)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var entries = new List<NatsKVEntry<string>>();
        await foreach (var entry in LatestEntries.ReadAsync<string>(store, filter, afterRevision, deadline.Token))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public async Task DisposeAsync()
    {
        await _nats.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>A bucket that counts the entries its watches hand out, each as it arrives from the server.</summary>
    private sealed class CountingStore(INatsKVStore inner) : INatsKVStore
    {
        private int _delivered;

        /// <summary>Entries delivered by watches since the last call; the count starts over.</summary>
        public int TakeDelivered() => Interlocked.Exchange(ref _delivered, 0);

        public string Bucket => inner.Bucket;

        public async IAsyncEnumerable<NatsKVEntry<T>> WatchAsync<T>(string key = ">", NatsKVWatchOpts? opts = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var entry in inner.WatchAsync<T>(key, opts, cancellationToken).WithCancellation(cancellationToken))
            {
                Interlocked.Increment(ref _delivered);
                yield return entry;
            }
        }

        public ValueTask<ulong> PutAsync<T>(string key, T value, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, cancellationToken);

        public ValueTask<ulong> CreateAsync<T>(string key, T value, CancellationToken cancellationToken = default) => inner.CreateAsync(key, value, cancellationToken);

        public ValueTask<ulong> UpdateAsync<T>(string key, T value, ulong revision, CancellationToken cancellationToken = default) =>
            inner.UpdateAsync(key, value, revision, cancellationToken);

        public ValueTask<ulong> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask<ulong> PurgeAsync(string key, CancellationToken cancellationToken = default) => inner.PurgeAsync(key, cancellationToken);

        public ValueTask<NatsKVEntry<T>> GetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default) =>
            inner.GetEntryAsync<T>(key, revision, cancellationToken);

        public ValueTask<NatsKVResult<NatsKVEntry<T>>> TryGetEntryAsync<T>(string key, ulong revision = 0, CancellationToken cancellationToken = default) =>
            inner.TryGetEntryAsync<T>(key, revision, cancellationToken);

        public IAsyncEnumerable<string> GetKeysAsync(string filter = ">", CancellationToken cancellationToken = default) => inner.GetKeysAsync(filter, cancellationToken);

        public IAsyncEnumerable<NatsKVEntry<T>> HistoryAsync<T>(string key, CancellationToken cancellationToken = default) => inner.HistoryAsync<T>(key, cancellationToken);
    }
}
