using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<bool> HSetAsync(string key, string field, string value, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        return BooleanAsync(["HSET", key, field, value], cancellationToken);
    }

    public ValueTask<bool> HSetAsync(string key, string field, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        return BooleanAsync(["HSET", key, field, value], cancellationToken);
    }

    public ValueTask<long> HSetAsync(string key, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(fields);
        var args = new List<RedisArg> { "HSET", key };
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        if (args.Count == 2)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        return IntegerAsync([.. args], cancellationToken);
    }

    public ValueTask<string?> HGetAsync(string key, string field, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        return StringAsync(["HGET", key, field], cancellationToken);
    }

    public ValueTask<ReadOnlyMemory<byte>?> HGetBytesAsync(string key, string field, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        return BytesAsync(["HGET", key, field], cancellationToken);
    }

    public async ValueTask<Dictionary<string, string>> HGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        RedisArg[] args = ["HGETALL", key];
        var items = await ArrayAsync(args, cancellationToken).ConfigureAwait(false);
        if (items.Count % 2 != 0)
        {
            throw new RedisProtocolException($"HGETALL returned an odd number of elements ({items.Count}).");
        }

        var result = new Dictionary<string, string>(items.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i += 2)
        {
            result[items[i].AsString()!] = items[i + 1].AsString()!;
        }

        return result;
    }

    public ValueTask<bool> HDelAsync(string key, string field, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        return BooleanAsync(["HDEL", key, field], cancellationToken);
    }

    public ValueTask<long> HDelAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeyValuesCommand("HDEL", key, fields, nameof(fields)), cancellationToken);

    public ValueTask<long> HIncrByAsync(string key, string field, long increment, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(field);
        return IntegerAsync(["HINCRBY", key, field, increment], cancellationToken);
    }
}
