using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;
using Vrsky.Nats.Tests.JetStream;

namespace Vrsky.Nats.Tests.KeyValue;

/// <summary>
/// A watch started at a revision (<see cref="NatsKVWatchOpts.StartRevision"/>) on a real server: the server starts
/// delivering there, so a caller resuming from a cursor is sent nothing that lies before it.
/// </summary>
public class NatsKVWatchFromRevisionTests(JetStreamServerFixture fixture) : IClassFixture<JetStreamServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly INatsKVContext _kv = fixture.JetStream.CreateKeyValueContext();

    [Fact]
    public async Task StartsAtTheRevisionAndSkipsEverythingWrittenBefore()
    {
        var store = await NewStoreAsync("from");
        var revisions = await PutKeysAsync(store, 10);

        var seen = await WatchUntilCaughtUpAsync(store, ">", revisions[5]);

        Assert.Equal(["k6", "k7", "k8", "k9", "k10"], seen.Select(e => e.Key));
        Assert.Equal(revisions[5..], seen.Select(e => e.Revision));
        Assert.Equal(["v6", "v7", "v8", "v9", "v10"], seen.Select(e => e.Value));
        Assert.Equal([4UL, 3, 2, 1, 0], seen.Select(e => e.Delta));
    }

    [Fact]
    public async Task KeysWrittenBeforeButUpdatedAfterTheStartComeOnceWithTheirLatestValue()
    {
        var store = await NewStoreAsync("upd");
        var revisions = await PutKeysAsync(store, 10);
        await store.PutAsync("k2", "v2-new");
        await store.PutAsync("k7", "v7-new");
        await store.DeleteAsync("k9");

        var seen = await WatchUntilCaughtUpAsync(store, ">", revisions[5]);

        // One revision per key is kept: k7's first value and k9's are gone, k1 and the others before the start were not touched.
        Assert.Equal(
            [("k6", "v6", NatsKVOperation.Put), ("k8", "v8", NatsKVOperation.Put), ("k10", "v10", NatsKVOperation.Put),
             ("k2", "v2-new", NatsKVOperation.Put), ("k7", "v7-new", NatsKVOperation.Put), ("k9", null, NatsKVOperation.Del)],
            seen.Select(e => (e.Key, e.Value, e.Operation)));
    }

    [Fact]
    public async Task TheFilterStillAppliesFromTheStart()
    {
        var store = await NewStoreAsync("filter");
        await store.PutAsync("a.1", "x");
        var start = await store.PutAsync("b.1", "x");
        await store.PutAsync("a.2", "x");
        await store.PutAsync("b.2", "x");
        await store.PutAsync("a.3", "x");

        var seen = await WatchUntilCaughtUpAsync(store, "a.*", start);

        Assert.Equal(["a.2", "a.3"], seen.Select(e => e.Key));
        Assert.Equal(0UL, seen[^1].Delta);
    }

    [Fact]
    public async Task NothingAtOrAfterTheStartReportsNoDataThenDeliversWhatComesLater()
    {
        var store = await NewStoreAsync("empty");
        var revisions = await PutKeysAsync(store, 3);
        using var cts = new CancellationTokenSource(Deadline);
        var noData = new TaskCompletionSource();
        var opts = new NatsKVWatchOpts { StartRevision = revisions[^1] + 1, OnNoData = _ => { noData.TrySetResult(); return ValueTask.CompletedTask; } };

        await using var watch = store.WatchAsync<string>(">", opts, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();
        await noData.Task.WaitAsync(cts.Token);
        Assert.False(next.IsCompleted);
        var later = await store.PutAsync("k1", "after", cts.Token);

        Assert.True(await next);
        Assert.Equal(("k1", "after", later), (watch.Current.Key, watch.Current.Value, watch.Current.Revision));
    }

    [Fact]
    public async Task RevisionZeroAndUpdatesOnlyAreRefused()
    {
        var store = await NewStoreAsync("bad");

        Assert.Throws<ArgumentException>(() => store.WatchAsync<string>(opts: new NatsKVWatchOpts { StartRevision = 0 }));
        Assert.Throws<ArgumentException>(() => store.WatchAsync<string>(opts: new NatsKVWatchOpts { StartRevision = 1, UpdatesOnly = true }));
    }

    private async Task<INatsKVStore> NewStoreAsync(string prefix) =>
        await _kv.CreateStoreAsync(new NatsKVConfig(JetStreamServerFixture.UniqueName(prefix)) { Storage = StorageType.Memory });

    /// <summary>Puts k1..k<paramref name="count"/> (values v1..), returning their revisions in order.</summary>
    private static async Task<ulong[]> PutKeysAsync(INatsKVStore store, int count)
    {
        var revisions = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            revisions[i] = await store.PutAsync($"k{i + 1}", $"v{i + 1}");
        }

        return revisions;
    }

    /// <summary>What the watch delivers until the server has nothing more pending for it.</summary>
    private static async Task<List<NatsKVEntry<string>>> WatchUntilCaughtUpAsync(INatsKVStore store, string filter, ulong start)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var seen = new List<NatsKVEntry<string>>();
        await foreach (var entry in store.WatchAsync<string>(filter, new NatsKVWatchOpts { StartRevision = start }, cts.Token))
        {
            seen.Add(entry);
            if (entry.Delta == 0)
            {
                break;
            }
        }

        return seen;
    }
}
