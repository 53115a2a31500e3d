namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<bool> SAddAsync(string key, string member, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(member);
        return BooleanAsync(["SADD", key, member], cancellationToken);
    }

    public ValueTask<bool> SAddAsync(string key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["SADD", key, member], cancellationToken);
    }

    public ValueTask<long> SAddAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeyValuesCommand("SADD", key, members, nameof(members)), cancellationToken);

    public ValueTask<bool> SRemAsync(string key, string member, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(member);
        return BooleanAsync(["SREM", key, member], cancellationToken);
    }

    public ValueTask<bool> SRemAsync(string key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return BooleanAsync(["SREM", key, member], cancellationToken);
    }

    public ValueTask<long> SRemAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default) =>
        IntegerAsync(KeyValuesCommand("SREM", key, members, nameof(members)), cancellationToken);

    public ValueTask<string[]> SMembersAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return StringArrayAsync(["SMEMBERS", key], cancellationToken);
    }

    public ValueTask<long> SCardAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return IntegerAsync(["SCARD", key], cancellationToken);
    }
}
