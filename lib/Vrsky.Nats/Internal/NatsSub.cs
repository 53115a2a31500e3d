using System.Text.Json;
using System.Threading.Channels;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>A subscription that decodes messages into a bounded channel the user reads.</summary>
internal sealed class NatsSub<T> : SubscriptionBase, INatsSub<T>
{
    private readonly NatsConnection _connection;
    private readonly Channel<NatsMsg<T>> _channel;
    private readonly int _capacity;
    private long _dropped;
    private int _slow;
    private int _unsubscribed;

    public NatsSub(NatsConnection connection, long sid, string subject, string? queueGroup, NatsSubOpts? opts)
        : base(sid, subject, queueGroup, opts?.MaxMsgs)
    {
        _connection = connection;
        _capacity = opts?.ChannelCapacity ?? connection.Opts.SubPendingChannelCapacity;
        _channel = Channel.CreateBounded<NatsMsg<T>>(
            new BoundedChannelOptions(_capacity)
            {
                FullMode = opts?.ChannelFullMode ?? BoundedChannelFullMode.DropNewest,
                SingleWriter = true,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
    }

    public ChannelReader<NatsMsg<T>> Msgs => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public override Task Drained => _channel.Reader.Completion;

    public override ValueTask DeliverAsync(ServerOp op)
    {
        if (Volatile.Read(ref _unsubscribed) != 0)
        {
            return default;
        }

        Delivered++;
        var last = MaxMsgs is { } max && Delivered >= max;
        if (last)
        {
            _connection.ForgetSubscription(this);
        }

        NatsMsg<T> msg;
        try
        {
            var headers = op.Headers.IsEmpty ? null : HeaderCodec.Decode(op.Headers);
            var data = NatsSerializer<T>.Deserialize(op.Payload, _connection.Opts.SerializerOptions);
            msg = new NatsMsg<T>(op.Subject!, op.ReplyTo, op.TotalSize, headers, data, _connection);
        }
        catch (JsonException e)
        {
            NatsLogEvents.DeserializeFailed(_connection.Logger, op.Subject!, typeof(T).Name, e);
            CompleteIfLast(last);
            return default;
        }

        if (Volatile.Read(ref _slow) != 0 && _channel.Reader.Count < _capacity / 2)
        {
            Volatile.Write(ref _slow, 0);
        }

        if (_channel.Writer.TryWrite(msg))
        {
            CompleteIfLast(last);
            return default;
        }

        return WriteWithBackPressureAsync(msg, last);
    }

    public override void Complete(Exception? error) => _channel.Writer.TryComplete(error);

    public async ValueTask UnsubscribeAsync()
    {
        if (Interlocked.Exchange(ref _unsubscribed, 1) != 0)
        {
            return;
        }

        await _connection.UnsubscribeAsync(this);
        _channel.Writer.TryComplete();
    }

    public ValueTask DisposeAsync() => UnsubscribeAsync();

    private async ValueTask WriteWithBackPressureAsync(NatsMsg<T> msg, bool last)
    {
        try
        {
            await _channel.Writer.WriteAsync(msg);
        }
        catch (ChannelClosedException)
        {
            // Unsubscribed while waiting for room: the message is no longer wanted.
        }

        CompleteIfLast(last);
    }

    private void CompleteIfLast(bool last)
    {
        if (last)
        {
            Interlocked.Exchange(ref _unsubscribed, 1);
            _channel.Writer.TryComplete();
        }
    }

    private void OnDropped(NatsMsg<T> msg)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _slow, 1) == 0)
        {
            _connection.ReportSlowConsumer(this, dropped);
        }
    }
}
