namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<bool> ZAddAsync(string key, string member, double score, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(member);
        return BooleanAsync(["ZADD", key, score, member], cancellationToken);
    }

    public ValueTask<bool> ZAddAsync(string key, ReadOnlyMemory<byte> member, double score, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["ZADD", key, score, member], cancellationToken);
    }

    public ValueTask<long> ZAddAsync(string key, IEnumerable<RedisSortedSetEntry> entries, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(entries);
        var args = new List<RedisArg> { "ZADD", key };
        foreach (var entry in entries)
        {
            args.Add(entry.Score);
            args.Add(entry.Member);
        }

        if (args.Count == 2)
        {
            throw new ArgumentException("ZADD needs at least one member.", nameof(entries));
        }

        return IntegerAsync([.. args], cancellationToken);
    }

    public ValueTask<bool> ZRemAsync(string key, string member, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(member);
        return BooleanAsync(["ZREM", key, member], cancellationToken);
    }

    public ValueTask<long> ZRemAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeyValuesCommand("ZREM", key, members, nameof(members)), cancellationToken);

    public ValueTask<string[]> ZRangeAsync(string key, long start, long stop, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return StringArrayAsync(["ZRANGE", key, start, stop], cancellationToken);
    }

    public async ValueTask<RedisSortedSetEntry[]> ZRangeWithScoresAsync(string key, long start, long stop, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        RedisArg[] args = ["ZRANGE", key, start, stop, "WITHSCORES"];
        return Pairs(args, await ArrayAsync(args, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<RedisSortedSetEntry[]> ZRangeByScoreAsync(
        string key, double min, double max, long? skip = null, long? take = null, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        var list = new List<RedisArg>(8) { "ZRANGEBYSCORE", key, min, max, "WITHSCORES" };
        if (skip is not null || take is not null)
        {
            list.Add("LIMIT");
            list.Add(skip ?? 0);
            list.Add(take ?? -1);
        }

        RedisArg[] args = [.. list];
        return Pairs(args, await ArrayAsync(args, cancellationToken).ConfigureAwait(false));
    }

    public ValueTask<long> ZRemRangeByScoreAsync(string key, double min, double max, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["ZREMRANGEBYSCORE", key, min, max], cancellationToken);
    }
}
