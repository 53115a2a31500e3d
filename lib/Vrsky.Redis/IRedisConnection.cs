using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

/// <summary>
/// A multiplexed Redis connection: any number of concurrent callers share one socket; commands are pipelined and
/// each reply is matched to its caller in order. Connects on first use and reconnects (re-authenticating) after a
/// lost connection. Pub/sub runs on a second, dedicated connection opened on the first subscription.
/// Server error replies throw <see cref="RedisServerException"/>; a missing reply throws <see cref="RedisTimeoutException"/>.
/// </summary>
public interface IRedisConnection : IAsyncDisposable
{
    RedisOpts Opts { get; }

    RedisConnectionState ConnectionState { get; }

    /// <summary>Connects now instead of on first use; throws <see cref="RedisConnectionException"/> or <see cref="RedisAuthenticationException"/>.</summary>
    ValueTask ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>PING; returns the round-trip time.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Any command, e.g. <c>ExecuteAsync("OBJECT", "ENCODING", key)</c>; returns the raw reply.</summary>
    ValueTask<RespValue> ExecuteAsync(params RedisArg[] args);

    /// <inheritdoc cref="ExecuteAsync(RedisArg[])"/>
    ValueTask<RespValue> ExecuteAsync(IReadOnlyList<RedisArg> args, CancellationToken cancellationToken);

    // Keys

    /// <summary>DEL; true when the key existed.</summary>
    ValueTask<bool> DelAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>DEL of several keys; how many existed.</summary>
    ValueTask<long> DelAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>EXISTS of several keys; how many exist (a key named twice counts twice).</summary>
    ValueTask<long> ExistsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>EXPIRE in whole seconds (rounded up); false when the key does not exist.</summary>
    ValueTask<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>PEXPIRE in milliseconds (rounded up); false when the key does not exist.</summary>
    ValueTask<bool> PExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>TTL in seconds as Redis reports it: -1 when the key has no expiry, -2 when it does not exist.</summary>
    ValueTask<long> TtlAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>PTTL in milliseconds: -1 when the key has no expiry, -2 when it does not exist.</summary>
    ValueTask<long> PTtlAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// SCAN from cursor 0 until the server returns cursor 0, one page per round trip, so a large keyspace is walked
    /// without blocking the server as KEYS would. <paramref name="match"/> is a glob (MATCH), <paramref name="count"/>
    /// a hint of keys examined per page (COUNT). As SCAN guarantees, every key present for the whole walk is yielded,
    /// a key may be yielded more than once, and keys added or removed meanwhile may or may not be.
    /// </summary>
    IAsyncEnumerable<string> ScanAsync(string? match = null, int? count = null, CancellationToken cancellationToken = default);

    // Strings

    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    ValueTask<ReadOnlyMemory<byte>?> GetBytesAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>SET with optional expiry (EX when whole seconds, else PX) and NX/XX; false when the condition stopped it.</summary>
    ValueTask<bool> SetAsync(string key, string value, RedisSetOpts? opts = null, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SetAsync(string, string, RedisSetOpts?, CancellationToken)"/>
    ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, RedisSetOpts? opts = null, CancellationToken cancellationToken = default);

    ValueTask<long> IncrAsync(string key, CancellationToken cancellationToken = default);

    ValueTask<long> IncrByAsync(string key, long increment, CancellationToken cancellationToken = default);

    /// <summary>MGET; null where a key is missing or not a string.</summary>
    ValueTask<string?[]> MGetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    ValueTask<ReadOnlyMemory<byte>?[]> MGetBytesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    // Hashes

    /// <summary>HSET of one field; true when the field is new.</summary>
    ValueTask<bool> HSetAsync(string key, string field, string value, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="HSetAsync(string, string, string, CancellationToken)"/>
    ValueTask<bool> HSetAsync(string key, string field, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>HSET of several fields; how many are new.</summary>
    ValueTask<long> HSetAsync(string key, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default);

    ValueTask<string?> HGetAsync(string key, string field, CancellationToken cancellationToken = default);

    ValueTask<ReadOnlyMemory<byte>?> HGetBytesAsync(string key, string field, CancellationToken cancellationToken = default);

    /// <summary>HGETALL; empty when the key does not exist.</summary>
    ValueTask<Dictionary<string, string>> HGetAllAsync(string key, CancellationToken cancellationToken = default);

    ValueTask<bool> HDelAsync(string key, string field, CancellationToken cancellationToken = default);

    ValueTask<long> HDelAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default);

    ValueTask<long> HIncrByAsync(string key, string field, long increment, CancellationToken cancellationToken = default);

    // Sets

    /// <summary>SADD; true when the member is new.</summary>
    ValueTask<bool> SAddAsync(string key, string member, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SAddAsync(string, string, CancellationToken)"/>
    ValueTask<bool> SAddAsync(string key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default);

    ValueTask<long> SAddAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default);

    ValueTask<bool> SRemAsync(string key, string member, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SRemAsync(string, string, CancellationToken)"/>
    ValueTask<bool> SRemAsync(string key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default);

    ValueTask<long> SRemAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default);

    ValueTask<string[]> SMembersAsync(string key, CancellationToken cancellationToken = default);

    ValueTask<long> SCardAsync(string key, CancellationToken cancellationToken = default);

    // Sorted sets

    /// <summary>ZADD of one member; true when it is new (an updated score returns false).</summary>
    ValueTask<bool> ZAddAsync(string key, string member, double score, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ZAddAsync(string, string, double, CancellationToken)"/>
    ValueTask<bool> ZAddAsync(string key, ReadOnlyMemory<byte> member, double score, CancellationToken cancellationToken = default);

    ValueTask<long> ZAddAsync(string key, IEnumerable<RedisSortedSetEntry> entries, CancellationToken cancellationToken = default);

    ValueTask<bool> ZRemAsync(string key, string member, CancellationToken cancellationToken = default);

    ValueTask<long> ZRemAsync(string key, IReadOnlyList<string> members, CancellationToken cancellationToken = default);

    /// <summary>ZRANGE by rank (inclusive, negative counts from the end), lowest score first.</summary>
    ValueTask<string[]> ZRangeAsync(string key, long start, long stop, CancellationToken cancellationToken = default);

    /// <summary>ZRANGE … WITHSCORES.</summary>
    ValueTask<RedisSortedSetEntry[]> ZRangeWithScoresAsync(string key, long start, long stop, CancellationToken cancellationToken = default);

    /// <summary>ZRANGEBYSCORE with inclusive bounds (infinities allowed), optionally LIMIT offset count.</summary>
    ValueTask<RedisSortedSetEntry[]> ZRangeByScoreAsync(string key, double min, double max, long? skip = null, long? take = null, CancellationToken cancellationToken = default);

    /// <summary>ZREMRANGEBYSCORE with inclusive bounds; how many were removed.</summary>
    ValueTask<long> ZRemRangeByScoreAsync(string key, double min, double max, CancellationToken cancellationToken = default);

    // Scripting

    /// <summary>EVAL script numkeys keys… args…; returns the script's reply (a script error throws <see cref="RedisServerException"/>).</summary>
    ValueTask<RespValue> EvalAsync(string script, IReadOnlyList<string>? keys = null, IReadOnlyList<RedisArg>? args = null, CancellationToken cancellationToken = default);

    // Pub/sub

    /// <summary>PUBLISH; how many subscribers received it.</summary>
    ValueTask<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="PublishAsync(string, string, CancellationToken)"/>
    ValueTask<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Messages on <paramref name="channel"/> until the enumeration ends (then UNSUBSCRIBE). The subscription is made,
    /// and confirmed by the server, when enumeration starts; use <see cref="SubscribeCoreAsync"/> to be sure it exists first.
    /// </summary>
    IAsyncEnumerable<RedisMessage> SubscribeAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="SubscribeAsync"/> for a glob pattern (PSUBSCRIBE); <see cref="RedisMessage.Pattern"/> is set.</summary>
    IAsyncEnumerable<RedisMessage> PSubscribeAsync(string pattern, CancellationToken cancellationToken = default);

    /// <summary>Subscribes and returns once the server confirmed it; dispose to unsubscribe.</summary>
    Task<IRedisSubscription> SubscribeCoreAsync(string channelOrPattern, bool isPattern = false, CancellationToken cancellationToken = default);
}
