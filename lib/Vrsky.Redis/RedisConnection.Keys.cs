namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<bool> DelAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["DEL", key], cancellationToken);
    }

    public ValueTask<long> DelAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeysCommand("DEL", keys), cancellationToken);

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["EXISTS", key], cancellationToken);
    }

    public ValueTask<long> ExistsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeysCommand("EXISTS", keys), cancellationToken);

    public ValueTask<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["EXPIRE", key, CeilingUnits(expiry, TimeSpan.TicksPerSecond)], cancellationToken);
    }

    public ValueTask<bool> PExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["PEXPIRE", key, CeilingUnits(expiry, TimeSpan.TicksPerMillisecond)], cancellationToken);
    }

    public ValueTask<long> TtlAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["TTL", key], cancellationToken);
    }

    public ValueTask<long> PTtlAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["PTTL", key], cancellationToken);
    }
}
