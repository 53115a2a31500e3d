using System.Buffers;
using System.Collections.Concurrent;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>A reply received for a pending request; the payload is copied out of the read buffer.</summary>
internal readonly record struct RawReply(string Subject, string? ReplyTo, NatsHeaders? Headers, byte[] Payload, int Size);

/// <summary>
/// The one wildcard subscription <c>{prefix}.{nuid}.*</c> behind every request: the last token
/// of the reply subject finds the waiting request.
/// </summary>
internal sealed class InboxMux(long sid, string prefix) : SubscriptionBase(sid, prefix + "*", null, null)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RawReply>> _pending = new(StringComparer.Ordinal);
    private long _nextToken;

    /// <summary>Subject prefix including the trailing dot.</summary>
    public string Prefix { get; } = prefix;

    public (string ReplyTo, string Token, Task<RawReply> Reply) Register()
    {
        var token = Interlocked.Increment(ref _nextToken).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tcs = new TaskCompletionSource<RawReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[token] = tcs;
        return (Prefix + token, token, tcs.Task);
    }

    public void Cancel(string token) => _pending.TryRemove(token, out _);

    public override ValueTask DeliverAsync(ServerOp op)
    {
        var subject = op.Subject!;
        if (subject.Length > Prefix.Length
            && subject.StartsWith(Prefix, StringComparison.Ordinal)
            && _pending.TryRemove(subject[Prefix.Length..], out var tcs))
        {
            try
            {
                var headers = op.Headers.IsEmpty ? null : HeaderCodec.Decode(op.Headers);
                tcs.TrySetResult(new RawReply(subject, op.ReplyTo, headers, op.Payload.ToArray(), op.TotalSize));
            }
            catch (NatsProtocolException e)
            {
                tcs.TrySetException(e);
            }
        }

        return default;
    }

    public override void Complete(Exception? error)
    {
        foreach (var token in _pending.Keys)
        {
            if (_pending.TryRemove(token, out var tcs))
            {
                tcs.TrySetException(error ?? new NatsException("The connection was closed before the reply arrived"));
            }
        }
    }
}
