using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;
using Vrsky.Nats.Tests.Infrastructure;
using Vrsky.Nats.Tests.JetStream;

namespace Vrsky.Nats.Tests.KeyValue;

public class NatsKVStoreTests(JetStreamServerFixture fixture) : IClassFixture<JetStreamServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly INatsKVContext _kv = fixture.JetStream.CreateKeyValueContext();

    public sealed record Lock(string Owner, int Attempt);

    [Fact]
    public async Task CreateBucketWithLimitsThenPutAndGetByRevision()
    {
        var bucket = JetStreamServerFixture.UniqueName("cfg");
        var store = await _kv.CreateStoreAsync(new NatsKVConfig(bucket) { History = 3, MaxAge = TimeSpan.FromMinutes(10), MaxBytes = 1 << 20, Storage = StorageType.Memory });
        var stream = await fixture.JetStream.GetStreamAsync($"KV_{bucket}");
        Assert.Equal(3, stream.Config.MaxMsgsPerSubject);
        Assert.Equal(TimeSpan.FromMinutes(10), stream.Config.MaxAge);
        Assert.Equal(1 << 20, stream.Config.MaxBytes);

        var r1 = await store.PutAsync("lock.a", new Lock("svc-1", 1));
        var r2 = await store.PutAsync("lock.a", new Lock("svc-2", 2));

        var latest = await store.GetEntryAsync<Lock>("lock.a");
        Assert.Equal(new Lock("svc-2", 2), latest.Value);
        Assert.Equal(r2, latest.Revision);
        Assert.Equal("lock.a", latest.Key);
        Assert.Equal(bucket, latest.Bucket);
        Assert.Equal(NatsKVOperation.Put, latest.Operation);
        Assert.True(DateTimeOffset.UtcNow - latest.Created < TimeSpan.FromMinutes(1));
        Assert.Equal(new Lock("svc-1", 1), (await store.GetEntryAsync<Lock>("lock.a", r1)).Value);

        // Idempotent start-up: the same bucket again is fine, and GetStore binds to it.
        await _kv.CreateOrUpdateStoreAsync(new NatsKVConfig(bucket) { History = 3, MaxAge = TimeSpan.FromMinutes(10), MaxBytes = 1 << 20, Storage = StorageType.Memory });
        Assert.Equal("svc-2", (await (await _kv.GetStoreAsync(bucket)).GetEntryAsync<Lock>("lock.a")).Value!.Owner);
    }

    [Fact]
    public async Task CreateOnlyAndCompareAndSet()
    {
        var store = await NewStoreAsync("cas");

        var created = await store.CreateAsync("k", "v1");
        await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await store.CreateAsync("k", "v2"));

        var updated = await store.UpdateAsync("k", "v2", created);
        var stale = await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await store.UpdateAsync("k", "v3", created));
        Assert.Equal("k", stale.Key);
        Assert.Equal("v2", (await store.GetEntryAsync<string>("k")).Value);
        Assert.True(updated > created);
    }

    [Fact]
    public async Task DeleteThenGetIsNotFoundAndCreateSucceedsAgain()
    {
        var store = await NewStoreAsync("del");
        await store.PutAsync("k", "v1");

        var deletedAt = await store.DeleteAsync("k");

        var result = await store.TryGetEntryAsync<string>("k");
        Assert.False(result.Success);
        var deleted = Assert.IsType<NatsKVKeyDeletedException>(result.Error);
        Assert.Equal(deletedAt, deleted.Revision);
        await Assert.ThrowsAnyAsync<NatsKVKeyNotFoundException>(async () => await store.GetEntryAsync<string>("k"));
        Assert.IsType<NatsKVKeyNotFoundException>((await store.TryGetEntryAsync<string>("never")).Error);

        await store.CreateAsync("k", "v2");
        Assert.Equal("v2", (await store.GetEntryAsync<string>("k")).Value);
    }

    [Fact]
    public async Task PurgeDropsHistoryAndKeysListsOnlyLiveKeys()
    {
        var store = await NewStoreAsync("purge", history: 5);
        await store.PutAsync("a", "1");
        await store.PutAsync("a", "2");
        await store.PutAsync("b", "1");
        await store.PutAsync("c", "1");
        await store.DeleteAsync("c");

        await store.PurgeAsync("a");

        var history = await ToListAsync(store.HistoryAsync<string>("a"));
        Assert.Equal(NatsKVOperation.Purge, Assert.Single(history).Operation);
        Assert.Equal(["b"], await ToListAsync(store.GetKeysAsync()));
        await store.CreateAsync("a", "3");
        Assert.Equal(["a", "b"], (await ToListAsync(store.GetKeysAsync())).Order());
    }

    [Fact]
    public async Task HistoryListsEveryRevisionOldestFirst()
    {
        var store = await NewStoreAsync("hist", history: 10);
        await store.PutAsync("k", "1");
        await store.PutAsync("other", "x");
        await store.PutAsync("k", "2");
        await store.DeleteAsync("k");

        var history = await ToListAsync(store.HistoryAsync<string>("k"));

        Assert.Equal(["1", "2", null], history.Select(e => e.Value));
        Assert.Equal([NatsKVOperation.Put, NatsKVOperation.Put, NatsKVOperation.Del], history.Select(e => e.Operation));
        Assert.Equal(0UL, history[^1].Delta);
        Assert.Equal(["other"], await ToListAsync(store.GetKeysAsync()));
    }

    [Fact]
    public async Task WatchDeliversCurrentValuesThenUpdatesAndDeletes()
    {
        var store = await NewStoreAsync("watch");
        await store.PutAsync("a", "a1");
        await store.PutAsync("b", "b1");
        await store.PutAsync("a", "a2");
        using var cts = new CancellationTokenSource(Deadline);

        var seen = new List<(string Key, string? Value, NatsKVOperation Op)>();
        await foreach (var entry in store.WatchAsync<string>(cancellationToken: cts.Token))
        {
            seen.Add((entry.Key, entry.Value, entry.Operation));
            if (seen.Count == 2)
            {
                // Initial values are the latest per key; now change things while watching.
                await store.PutAsync("c", "c1", cts.Token);
                await store.DeleteAsync("b", cts.Token);
            }

            if (seen.Count == 4)
            {
                break;
            }
        }

        Assert.Equal([("b", "b1", NatsKVOperation.Put), ("a", "a2", NatsKVOperation.Put)], seen.Take(2));
        Assert.Equal([("c", "c1", NatsKVOperation.Put), ("b", null, NatsKVOperation.Del)], seen.Skip(2));
    }

    [Fact]
    public async Task WatchUpdatesOnlyOnEmptyBucketReportsNoData()
    {
        var store = await NewStoreAsync("upd");
        await store.PutAsync("old", "x");
        using var cts = new CancellationTokenSource(Deadline);
        var noData = new TaskCompletionSource();
        var opts = new NatsKVWatchOpts { UpdatesOnly = true, OnNoData = _ => { noData.TrySetResult(); return ValueTask.CompletedTask; } };

        await using var watch = store.WatchAsync<string>("new.*", opts, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();
        await noData.Task.WaitAsync(cts.Token);
        await store.PutAsync("new.1", "fresh", cts.Token);

        Assert.True(await next);
        Assert.Equal(("new.1", "fresh"), (watch.Current.Key, watch.Current.Value));
    }

    [Fact]
    public async Task ValuesExpireAfterTheBucketTtl()
    {
        var store = await NewStoreAsync("ttl", maxAge: TimeSpan.FromSeconds(1));
        await store.PutAsync("session", "s1");
        Assert.True((await store.TryGetEntryAsync<string>("session")).Success);

        await Eventually.WaitAsync(async () => !(await store.TryGetEntryAsync<string>("session")).Success, Deadline, "value expired by TTL");

        Assert.IsType<NatsKVKeyNotFoundException>((await store.TryGetEntryAsync<string>("session")).Error);
    }

    [Fact]
    public async Task InvalidKeysFailBeforeAnyRequest()
    {
        var store = await NewStoreAsync("keys");

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await store.PutAsync("bad key", "v"));
        Assert.Contains("' ' is not allowed", ex.Message);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetEntryAsync<string>(".leading"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _kv.CreateStoreAsync(new NatsKVConfig("bad.bucket")));
    }

    private async Task<INatsKVStore> NewStoreAsync(string prefix, int history = 1, TimeSpan maxAge = default) =>
        await _kv.CreateStoreAsync(new NatsKVConfig(JetStreamServerFixture.UniqueName(prefix)) { History = history, MaxAge = maxAge, Storage = StorageType.Memory });

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cts.Token))
        {
            list.Add(item);
        }

        return list;
    }
}
