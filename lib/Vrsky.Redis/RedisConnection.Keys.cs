using System.Runtime.CompilerServices;
using Vrsky.Redis.Protocol;

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

    public async IAsyncEnumerable<string> ScanAsync(string? match = null, int? count = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count ?? 1, nameof(count));
        var cursor = "0";
        do
        {
            RedisArg[] args = (match, count) switch
            {
                (null, null) => ["SCAN", cursor],
                (not null, null) => ["SCAN", cursor, "MATCH", match],
                (null, { } n) => ["SCAN", cursor, "COUNT", n],
                ({ } m, { } n) => ["SCAN", cursor, "MATCH", m, "COUNT", n],
            };
            var reply = await ArrayAsync(args, cancellationToken).ConfigureAwait(false);
            if (reply is not [var next, { Type: RespType.Array } keys] || next.AsString() is not { } nextCursor)
            {
                throw new RedisProtocolException($"SCAN returned {reply.Count} elements, expected a cursor and an array of keys.");
            }

            foreach (var key in keys.Items)
            {
                yield return key.AsString() ?? throw new RedisProtocolException("SCAN returned a null key.");
            }

            cursor = nextCursor;
        }
        while (cursor != "0");
    }
}
