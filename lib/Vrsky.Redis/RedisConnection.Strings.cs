using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return StringAsync(["GET", key], cancellationToken);
    }

    public ValueTask<ReadOnlyMemory<byte>?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BytesAsync(["GET", key], cancellationToken);
    }

    public ValueTask<bool> SetAsync(string key, string value, RedisSetOpts? opts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SetCoreAsync(key, value, opts, cancellationToken);
    }

    public ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, RedisSetOpts? opts = null, CancellationToken cancellationToken = default) =>
        SetCoreAsync(key, value, opts, cancellationToken);

    public ValueTask<long> IncrAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["INCR", key], cancellationToken);
    }

    public ValueTask<long> IncrByAsync(string key, long increment, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["INCRBY", key, increment], cancellationToken);
    }

    public async ValueTask<string?[]> MGetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var items = await ArrayAsync(KeysCommand("MGET", keys), cancellationToken).ConfigureAwait(false);
        return items.Select(i => i.AsString()).ToArray();
    }

    public async ValueTask<ReadOnlyMemory<byte>?[]> MGetBytesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var items = await ArrayAsync(KeysCommand("MGET", keys), cancellationToken).ConfigureAwait(false);
        return items.Select(i => i.IsNull ? (ReadOnlyMemory<byte>?)null : i.Bytes).ToArray();
    }

    private async ValueTask<bool> SetCoreAsync(string key, RedisArg value, RedisSetOpts? opts, CancellationToken cancellationToken)
    {
        RequireKey(key);
        var args = new List<RedisArg>(6) { "SET", key, value };
        if (opts?.Expiry is { } expiry)
        {
            if (expiry.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                args.Add("EX");
                args.Add(CeilingUnits(expiry, TimeSpan.TicksPerSecond));
            }
            else
            {
                args.Add("PX");
                args.Add(CeilingUnits(expiry, TimeSpan.TicksPerMillisecond));
            }
        }

        switch (opts?.Condition ?? RedisSetCondition.Always)
        {
            case RedisSetCondition.NotExists:
                args.Add("NX");
                break;
            case RedisSetCondition.Exists:
                args.Add("XX");
                break;
        }

        // +OK when set; a null bulk string when NX/XX prevented it.
        var reply = await SendAsync([.. args], cancellationToken).ConfigureAwait(false);
        return reply.Type == RespType.SimpleString;
    }
}
