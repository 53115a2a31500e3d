using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<RespValue> EvalAsync(string script, IReadOnlyList<string>? keys = null, IReadOnlyList<RedisArg>? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(script);
        var keyCount = keys?.Count ?? 0;
        var command = new RedisArg[3 + keyCount + (args?.Count ?? 0)];
        command[0] = "EVAL";
        command[1] = script;
        command[2] = (long)keyCount;
        for (var i = 0; i < keyCount; i++)
        {
            command[3 + i] = keys![i] ?? throw new ArgumentException("Keys cannot be null.", nameof(keys));
        }

        for (var i = 0; i < (args?.Count ?? 0); i++)
        {
            command[3 + keyCount + i] = args![i];
        }

        return SendAsync(command, cancellationToken);
    }
}
