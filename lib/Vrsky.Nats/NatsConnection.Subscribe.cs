using System.Runtime.CompilerServices;
using Vrsky.Nats.Internal;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats;

/// <summary>Subscriptions: SUB/UNSUB, routing MSG by sid, and closing them all.</summary>
public sealed partial class NatsConnection
{
    public IAsyncEnumerable<NatsMsg<T>> SubscribeAsync<T>(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken cancellationToken = default)
    {
        ValidateSubscription(subject, queueGroup, opts);
        return SubscribeIteratorAsync<T>(subject, queueGroup, opts, cancellationToken);
    }

    public async ValueTask<INatsSub<T>> SubscribeCoreAsync<T>(string subject, string? queueGroup = null, NatsSubOpts? opts = null, CancellationToken cancellationToken = default)
    {
        ValidateSubscription(subject, queueGroup, opts);
        await EnsureConnectedAsync(cancellationToken);
        var sub = new NatsSub<T>(this, _subs.NextSid(), subject, queueGroup, opts);
        await AddSubscriptionAsync(sub, cancellationToken);
        return sub;
    }

    public async ValueTask DrainAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed || !IsUsable())
        {
            await DisposeAsync();
            return;
        }

        var subs = _subs.Snapshot();
        foreach (var sub in subs.Where(s => s is not InboxMux))
        {
            await _writer.WriteAsync(w => ProtocolWriter.WriteUnsub(w, sub.Sid, null), cancellationToken);
        }

        // The PONG comes after every message the server sent before it saw the UNSUBs.
        await FlushAsync(cancellationToken);
        foreach (var sub in subs.Where(s => s is not InboxMux))
        {
            _subs.Remove(sub.Sid);
            sub.Complete(null);
        }

        await Task.WhenAll(subs.Select(s => s.Drained)).WaitAsync(cancellationToken);

        // Handlers may have replied while finishing their messages.
        await FlushAsync(cancellationToken);
        await DisposeAsync();
    }

    ValueTask IServerOpHandler.OnMessageAsync(ServerOp op) =>
        _subs.TryGet(op.Sid, out var sub) ? sub.DeliverAsync(op) : default;

    internal async ValueTask UnsubscribeAsync(SubscriptionBase sub)
    {
        if (_subs.Remove(sub.Sid) && IsUsable())
        {
            try
            {
                await _writer.WriteAsync(w => ProtocolWriter.WriteUnsub(w, sub.Sid, null), CancellationToken.None);
            }
            catch (NatsException)
            {
                // Closed meanwhile: the server forgot the subscription with the connection.
            }
        }
    }

    /// <summary>The server already stopped delivering (UNSUB max reached); only the table entry goes.</summary>
    internal void ForgetSubscription(SubscriptionBase sub) => _subs.Remove(sub.Sid);

    private async ValueTask AddSubscriptionAsync(SubscriptionBase sub, CancellationToken cancellationToken)
    {
        _subs.Add(sub);
        try
        {
            await _writer.WriteAsync(
                w =>
                {
                    ProtocolWriter.WriteSub(w, sub.Subject, sub.QueueGroup, sub.Sid);
                    if (sub.MaxMsgs is { } max)
                    {
                        ProtocolWriter.WriteUnsub(w, sub.Sid, max);
                    }
                },
                cancellationToken);
        }
        catch
        {
            _subs.Remove(sub.Sid);
            throw;
        }
    }

    private async IAsyncEnumerable<NatsMsg<T>> SubscribeIteratorAsync<T>(string subject, string? queueGroup, NatsSubOpts? opts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var sub = await SubscribeCoreAsync<T>(subject, queueGroup, opts, cancellationToken);
        while (await WaitToReadAsync(sub, cancellationToken))
        {
            while (sub.Msgs.TryRead(out var msg))
            {
                yield return msg;
            }
        }
    }

    /// <summary>Cancellation ends the stream quietly, as breaking out of the loop would.</summary>
    private static async ValueTask<bool> WaitToReadAsync<T>(INatsSub<T> sub, CancellationToken cancellationToken)
    {
        try
        {
            return await sub.Msgs.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void CloseSubscriptions(Exception? subscriptionError, Exception requestError)
    {
        foreach (var sub in _subs.Snapshot())
        {
            _subs.Remove(sub.Sid);
            sub.Complete(sub is InboxMux ? requestError : subscriptionError);
        }
    }

    private static void ValidateSubscription(string subject, string? queueGroup, NatsSubOpts? opts)
    {
        ProtocolWriter.ValidateSubject(subject);
        if (queueGroup is not null)
        {
            ProtocolWriter.ValidateSubject(queueGroup, nameof(queueGroup));
        }

        if (opts?.MaxMsgs is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(opts), "MaxMsgs must be positive");
        }

        if (opts?.ChannelCapacity is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(opts), "ChannelCapacity must be positive");
        }
    }
}
