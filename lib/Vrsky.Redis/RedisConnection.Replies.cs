using System.Globalization;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    private static void RequireKey(string key, string name = "key")
    {
        ArgumentNullException.ThrowIfNull(key, name);
    }

    private async ValueTask<long> IntegerAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(args, cancellationToken).ConfigureAwait(false);
        return reply.Type == RespType.Integer ? reply.Integer : throw Unexpected(args, reply, "an integer");
    }

    private async ValueTask<bool> BooleanAsync(RedisArg[] args, CancellationToken cancellationToken) =>
        await IntegerAsync(args, cancellationToken).ConfigureAwait(false) != 0;

    private async ValueTask<string?> StringAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(args, cancellationToken).ConfigureAwait(false);
        return reply.Type is RespType.BulkString or RespType.SimpleString ? reply.AsString() : throw Unexpected(args, reply, "a string");
    }

    private async ValueTask<ReadOnlyMemory<byte>?> BytesAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(args, cancellationToken).ConfigureAwait(false);
        return reply.Type == RespType.BulkString ? (reply.IsNull ? (ReadOnlyMemory<byte>?)null : reply.Bytes) : throw Unexpected(args, reply, "a bulk string");
    }

    private async ValueTask<IReadOnlyList<RespValue>> ArrayAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(args, cancellationToken).ConfigureAwait(false);
        return reply.Type == RespType.Array ? reply.Items : throw Unexpected(args, reply, "an array");
    }

    private async ValueTask<string[]> StringArrayAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        var items = await ArrayAsync(args, cancellationToken).ConfigureAwait(false);
        var result = new string[items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = items[i].AsString() ?? throw Unexpected(args, items[i], "a non-null string element");
        }

        return result;
    }

    private static RedisSortedSetEntry[] Pairs(RedisArg[] args, IReadOnlyList<RespValue> items)
    {
        if (items.Count % 2 != 0)
        {
            throw new RedisProtocolException($"{args[0]} WITHSCORES returned an odd number of elements ({items.Count}).");
        }

        var result = new RedisSortedSetEntry[items.Count / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new RedisSortedSetEntry(items[2 * i].AsString()!, ParseDouble(items[(2 * i) + 1].AsString()));
        }

        return result;
    }

    private static double ParseDouble(string? text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new RedisProtocolException($"'{text}' is not a number."),
    };

    private static RedisProtocolException Unexpected(RedisArg[] args, RespValue reply, string wanted) =>
        new($"{args[0]} returned {(reply.IsNull ? "null " : "")}{reply.Type} where {wanted} was expected.");

    private static RedisArg[] KeysCommand(string command, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{command} needs at least one key.", nameof(keys));
        }

        var args = new RedisArg[keys.Count + 1];
        args[0] = command;
        for (var i = 0; i < keys.Count; i++)
        {
            args[i + 1] = keys[i];
        }

        return args;
    }

    private static RedisArg[] KeyValuesCommand(string command, string key, IReadOnlyList<string> values, string name)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{command} needs at least one {name.TrimEnd('s')}.", name);
        }

        var args = new RedisArg[values.Count + 2];
        args[0] = command;
        args[1] = key;
        for (var i = 0; i < values.Count; i++)
        {
            args[i + 2] = values[i];
        }

        return args;
    }

    private static long CeilingUnits(TimeSpan span, long ticksPerUnit)
    {
        if (span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "An expiry must be positive.");
        }

        return (span.Ticks + ticksPerUnit - 1) / ticksPerUnit;
    }
}
