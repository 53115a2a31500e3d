using System.Text;
using Vrsky.Redis.Tests.Infrastructure;

namespace Vrsky.Redis.Tests.Core;

public class CommandTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisConnection _redis = null!;

    public Task InitializeAsync()
    {
        _redis = fixture.Connect();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Keys()
    {
        var a = RedisServerFixture.Key("a");
        var b = RedisServerFixture.Key("b");
        await _redis.SetAsync(a, "1");
        await _redis.SetAsync(b, "2");

        Assert.True(await _redis.ExistsAsync(a));
        Assert.Equal(2, await _redis.ExistsAsync([a, b, "missing:" + a]));
        Assert.Equal(-1, await _redis.TtlAsync(a));
        Assert.Equal(-2, await _redis.TtlAsync("missing:" + a));

        Assert.True(await _redis.ExpireAsync(a, TimeSpan.FromSeconds(100)));
        Assert.InRange(await _redis.TtlAsync(a), 95, 100);
        Assert.True(await _redis.PExpireAsync(b, TimeSpan.FromSeconds(50)));
        Assert.InRange(await _redis.PTtlAsync(b), 45_000, 50_000);
        Assert.False(await _redis.ExpireAsync("missing:" + a, TimeSpan.FromSeconds(1)));

        Assert.True(await _redis.DelAsync(a));
        Assert.False(await _redis.DelAsync(a));
        Assert.Equal(1, await _redis.DelAsync([a, b]));
        Assert.False(await _redis.ExistsAsync(b));
    }

    [Fact]
    public async Task ScanWalksEveryMatchingKeyAcrossPages()
    {
        var prefix = RedisServerFixture.Key("scan");
        var keys = Enumerable.Range(0, 250).Select(i => $"{prefix}:{i}").ToHashSet();
        await Task.WhenAll(keys.Select(k => _redis.SetAsync(k, "v").AsTask()));
        var outside = RedisServerFixture.Key("scan-outside");
        await _redis.SetAsync(outside, "v");

        // COUNT 10 over 250 matches takes many cursor round trips; SCAN may repeat a key, never drop a stable one.
        var found = new List<string>();
        await foreach (var key in _redis.ScanAsync($"{prefix}:*", count: 10))
        {
            found.Add(key);
        }

        Assert.Equal(keys, found.ToHashSet());
        Assert.Contains(outside, await _redis.ScanAsync(outside).ToListAsync());
        Assert.Empty(await _redis.ScanAsync($"{prefix}:missing*").ToListAsync());
        Assert.Equal(250, await _redis.DelAsync([.. keys]));
    }

    [Fact]
    public async Task Strings()
    {
        var key = RedisServerFixture.Key("str");
        Assert.Null(await _redis.GetAsync(key));
        Assert.Null(await _redis.GetBytesAsync(key));

        Assert.False(await _redis.SetAsync(key, "x", new RedisSetOpts { Condition = RedisSetCondition.Exists }));
        Assert.True(await _redis.SetAsync(key, "héllo", new RedisSetOpts { Condition = RedisSetCondition.NotExists }));
        Assert.False(await _redis.SetAsync(key, "other", new RedisSetOpts { Condition = RedisSetCondition.NotExists }));
        Assert.Equal("héllo", await _redis.GetAsync(key));

        var binary = new byte[] { 0, 1, 2, 13, 10, 255 };
        Assert.True(await _redis.SetAsync(key, binary.AsMemory(), new RedisSetOpts { Condition = RedisSetCondition.Exists }));
        Assert.Equal(binary, (await _redis.GetBytesAsync(key))!.Value.ToArray());

        Assert.True(await _redis.SetAsync(key, "ex", new RedisSetOpts { Expiry = TimeSpan.FromSeconds(30) }));
        Assert.InRange(await _redis.TtlAsync(key), 25, 30);
        Assert.True(await _redis.SetAsync(key, "px", new RedisSetOpts { Expiry = TimeSpan.FromMilliseconds(20_500) }));
        Assert.InRange(await _redis.PTtlAsync(key), 15_000, 20_500);

        var counter = RedisServerFixture.Key("counter");
        Assert.Equal(1, await _redis.IncrAsync(counter));
        Assert.Equal(11, await _redis.IncrByAsync(counter, 10));
        Assert.Equal(-1, await _redis.IncrByAsync(counter, -12));

        var values = await _redis.MGetAsync([key, "missing:" + key, counter]);
        Assert.Equal(new string?[] { "px", null, "-1" }.AsEnumerable(), values);
        var bytes = await _redis.MGetBytesAsync([counter, "missing:" + key]);
        Assert.Equal("-1", Encoding.UTF8.GetString(bytes[0]!.Value.Span));
        Assert.Null(bytes[1]);
    }

    [Fact]
    public async Task Hashes()
    {
        var key = RedisServerFixture.Key("hash");
        Assert.Empty(await _redis.HGetAllAsync(key));
        Assert.True(await _redis.HSetAsync(key, "name", "vrsky"));
        Assert.False(await _redis.HSetAsync(key, "name", "Vrsky"));
        Assert.True(await _redis.HSetAsync(key, "blob", new byte[] { 9, 8, 7 }.AsMemory()));
        Assert.Equal(2, await _redis.HSetAsync(key, [new("a", "1"), new("b", "2"), new("name", "V")]));

        Assert.Equal("V", await _redis.HGetAsync(key, "name"));
        Assert.Null(await _redis.HGetAsync(key, "nope"));
        Assert.Equal(new byte[] { 9, 8, 7 }, (await _redis.HGetBytesAsync(key, "blob"))!.Value.ToArray());
        Assert.Equal(5, await _redis.HIncrByAsync(key, "visits", 5));
        Assert.Equal(3, await _redis.HIncrByAsync(key, "visits", -2));

        var all = await _redis.HGetAllAsync(key);
        Assert.Equal(["a", "b", "blob", "name", "visits"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("3", all["visits"]);

        Assert.True(await _redis.HDelAsync(key, "a"));
        Assert.False(await _redis.HDelAsync(key, "a"));
        Assert.Equal(2, await _redis.HDelAsync(key, ["b", "blob", "zzz"]));
        Assert.Equal(2, (await _redis.HGetAllAsync(key)).Count);
    }

    [Fact]
    public async Task Sets()
    {
        var key = RedisServerFixture.Key("set");
        Assert.True(await _redis.SAddAsync(key, "a"));
        Assert.False(await _redis.SAddAsync(key, "a"));
        Assert.True(await _redis.SAddAsync(key, "bytes"u8.ToArray().AsMemory()));
        Assert.Equal(2, await _redis.SAddAsync(key, ["b", "c", "a"]));
        Assert.Equal(4, await _redis.SCardAsync(key));
        Assert.Equal(["a", "b", "bytes", "c"], (await _redis.SMembersAsync(key)).Order(StringComparer.Ordinal));

        Assert.True(await _redis.SRemAsync(key, "a"));
        Assert.False(await _redis.SRemAsync(key, "a"));
        Assert.True(await _redis.SRemAsync(key, "bytes"u8.ToArray().AsMemory()));
        Assert.Equal(1, await _redis.SRemAsync(key, ["b", "nope"]));
        Assert.Equal(["c"], await _redis.SMembersAsync(key));
        Assert.Empty(await _redis.SMembersAsync("missing:" + key));
    }

    [Fact]
    public async Task SortedSets()
    {
        var key = RedisServerFixture.Key("zset");
        Assert.True(await _redis.ZAddAsync(key, "low", 1));
        Assert.False(await _redis.ZAddAsync(key, "low", 1.5));
        Assert.True(await _redis.ZAddAsync(key, "bytes"u8.ToArray().AsMemory(), 2.25));
        Assert.Equal(3, await _redis.ZAddAsync(key, [new("mid", 5), new("high", 10), new("top", double.PositiveInfinity)]));

        Assert.Equal(["low", "bytes", "mid", "high", "top"], await _redis.ZRangeAsync(key, 0, -1));
        Assert.Equal(["high", "top"], await _redis.ZRangeAsync(key, -2, -1));
        Assert.Equal(
            [new("low", 1.5), new("bytes", 2.25)],
            await _redis.ZRangeWithScoresAsync(key, 0, 1));
        Assert.Equal(new RedisSortedSetEntry("top", double.PositiveInfinity), (await _redis.ZRangeWithScoresAsync(key, -1, -1))[0]);

        Assert.Equal(["bytes", "mid"], (await _redis.ZRangeByScoreAsync(key, 2, 5)).Select(e => e.Member));
        Assert.Equal(["mid", "high"], (await _redis.ZRangeByScoreAsync(key, 2, double.PositiveInfinity, skip: 1, take: 2)).Select(e => e.Member));
        Assert.Equal(5, (await _redis.ZRangeByScoreAsync(key, double.NegativeInfinity, double.PositiveInfinity)).Length);

        Assert.True(await _redis.ZRemAsync(key, "top"));
        Assert.False(await _redis.ZRemAsync(key, "top"));
        Assert.Equal(1, await _redis.ZRemAsync(key, ["high", "nope"]));
        Assert.Equal(2, await _redis.ZRemRangeByScoreAsync(key, 0, 3));
        Assert.Equal(["mid"], await _redis.ZRangeAsync(key, 0, -1));
    }

    [Fact]
    public async Task Scripting()
    {
        var key = RedisServerFixture.Key("eval");
        var reply = await _redis.EvalAsync(
            "redis.call('SET', KEYS[1], ARGV[1]); return {redis.call('GET', KEYS[1]), #KEYS, tonumber(ARGV[2]) + 1}",
            [key],
            ["stored", 41L]);
        Assert.Equal("[\"stored\", 1, 42]", reply.ToString());
        Assert.Equal("stored", await _redis.GetAsync(key));

        var nil = await _redis.EvalAsync("return redis.call('GET', KEYS[1])", ["missing:" + key]);
        Assert.True(nil.IsNull);

        var error = await Assert.ThrowsAsync<RedisServerException>(async () => await _redis.EvalAsync("return redis.error_reply('MYERR custom failure')"));
        Assert.Equal("MYERR", error.Prefix);
    }

    [Fact]
    public async Task PexpireRemovesTheKey()
    {
        var key = RedisServerFixture.Key("expiry");
        await _redis.SetAsync(key, "short-lived");
        Assert.True(await _redis.PExpireAsync(key, TimeSpan.FromMilliseconds(100)));
        Assert.InRange(await _redis.PTtlAsync(key), 1, 100);

        await Eventually.WaitAsync(async () => !await _redis.ExistsAsync(key), TimeSpan.FromSeconds(5), "the key expires");
        Assert.Null(await _redis.GetAsync(key));
        Assert.Equal(-2, await _redis.PTtlAsync(key));
    }
}
