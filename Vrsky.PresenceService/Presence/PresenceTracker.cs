using System.Globalization;
using Microsoft.Extensions.Options;
using Vrsky.Redis;

namespace Vrsky.PresenceService.Presence;

/// <summary>
/// Presence in Redis: per user a sorted set of devices scored by when their heartbeat lapses (the key itself
/// expires with its newest device), and one sorted set of online users scored by their latest lapse time. Every
/// transition is one Lua script, so with several presence replicas exactly one of them sees (and announces) it.
/// </summary>
internal sealed class PresenceTracker(IRedisConnection redis, IOptions<PresenceOptions> options, TimeProvider time)
{
    public const string OnlineKey = "presence:online";

    private const string HeartbeatScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        local was = redis.call('ZSCORE', KEYS[2], ARGV[3])
        redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[3])
        if was then return 0 else return 1 end
        """;

    private const string DisconnectScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
        if redis.call('ZCARD', KEYS[1]) == 0 then
            redis.call('DEL', KEYS[1])
            return redis.call('ZREM', KEYS[2], ARGV[3])
        end
        local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        redis.call('ZADD', KEYS[2], newest[2], ARGV[3])
        return 0
        """;

    // Device keys are derived inside the script: fine on one Redis, not on a cluster (keys span slots).
    private const string SweepScript = """
        local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        local offline = {}
        for _, user in ipairs(lapsed) do
            local devices = 'presence:devices:' .. user
            redis.call('ZREMRANGEBYSCORE', devices, '-inf', ARGV[1])
            if redis.call('ZCARD', devices) == 0 then
                redis.call('DEL', devices)
                redis.call('ZREM', KEYS[1], user)
                table.insert(offline, user)
            else
                local newest = redis.call('ZRANGE', devices, -1, -1, 'WITHSCORES')
                redis.call('ZADD', KEYS[1], newest[2], user)
            end
        end
        return offline
        """;

    public static string DevicesKey(long userId) => $"presence:devices:{userId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Refreshes the device's TTL; true when the user just came online.</summary>
    public async Task<bool> HeartbeatAsync(long userId, string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lapsesAt = now + (long)options.Value.Ttl.TotalMilliseconds;
        var result = await redis.EvalAsync(HeartbeatScript, [DevicesKey(userId), OnlineKey], [deviceId, lapsesAt, userId, now], cancellationToken).ConfigureAwait(false);
        return result.Integer == 1;
    }

    /// <summary>Removes the device; true when it was the user's last one (the user went offline).</summary>
    public async Task<bool> DisconnectAsync(long userId, string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = await redis.EvalAsync(DisconnectScript, [DevicesKey(userId), OnlineKey], [deviceId, now, userId], cancellationToken).ConfigureAwait(false);
        return result.Integer == 1;
    }

    /// <summary>Drops lapsed devices; returns the users that have none left (now offline).</summary>
    public async Task<long[]> SweepAsync(int limit, CancellationToken cancellationToken)
    {
        var result = await redis.EvalAsync(SweepScript, [OnlineKey], [time.GetUtcNow().ToUnixTimeMilliseconds(), (long)limit], cancellationToken).ConfigureAwait(false);
        return [.. result.Items.Select(i => long.Parse(i.AsString()!, CultureInfo.InvariantCulture))];
    }
}
