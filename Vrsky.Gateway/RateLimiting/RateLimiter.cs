using System.Globalization;
using Microsoft.Extensions.Options;
using Vrsky.Redis;

namespace Vrsky.Gateway.RateLimiting;

/// <summary>
/// Sliding-window logs in Redis, so a limit holds across gateway replicas and at window edges (a fixed window
/// lets twice the limit through around its boundary). One atomic script per check: it forgets attempts older than
/// the window, admits the attempt only while fewer than the limit remain, and lets the key expire with the window.
/// </summary>
internal sealed class RateLimiter(IRedisConnection redis, IOptions<RateLimitOptions> options, TimeProvider time, ILogger<RateLimiter> logger)
{
    private const string Script = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    public RateLimitOptions Limits => options.Value;

    public ValueTask<bool> TryLoginAsync(string userName, CancellationToken cancellationToken) =>
        TryAcquireAsync("login", userName, Limits.LoginsPerMinute, TimeSpan.FromMinutes(1), cancellationToken);

    public ValueTask<bool> TryRegisterAsync(string clientAddress, CancellationToken cancellationToken) =>
        TryAcquireAsync("register", clientAddress, Limits.RegistrationsPerMinute, TimeSpan.FromMinutes(1), cancellationToken);

    public ValueTask<bool> TryConnectAsync(long userId, CancellationToken cancellationToken) =>
        TryAcquireAsync("connect", userId.ToString(CultureInfo.InvariantCulture), Limits.ConnectsPerMinute, TimeSpan.FromMinutes(1), cancellationToken);

    public ValueTask<bool> TrySendAsync(long userId, CancellationToken cancellationToken) =>
        TryAcquireAsync("send", userId.ToString(CultureInfo.InvariantCulture), Limits.MessagesPerSecond, TimeSpan.FromSeconds(1), cancellationToken);

    public ValueTask<bool> TryFrameAsync(long userId, CancellationToken cancellationToken) =>
        TryAcquireAsync("frame", userId.ToString(CultureInfo.InvariantCulture), Limits.FramesPerMinute, TimeSpan.FromMinutes(1), cancellationToken);

    private async ValueTask<bool> TryAcquireAsync(string policy, string subject, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        RedisArg[] args = [now, (long)window.TotalMilliseconds, (long)limit, Guid.NewGuid().ToString("N")];
        var admitted = (await redis.EvalAsync(Script, [$"ratelimit:{policy}:{subject}"], args, cancellationToken).ConfigureAwait(false)).Integer == 1;
        if (!admitted)
        {
            GatewayLog.RateLimited(logger, policy);
            return false;
        }

        return true;
    }
}
