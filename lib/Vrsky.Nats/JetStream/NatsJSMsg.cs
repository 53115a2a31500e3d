using System.Globalization;

namespace Vrsky.Nats.JetStream;

/// <summary>
/// A message delivered by a consumer. Acknowledge it with exactly one of <see cref="AckAsync"/>,
/// <see cref="NakAsync"/> or <see cref="TermAsync"/> (optionally after <see cref="InProgressAsync"/>).
/// </summary>
public readonly record struct NatsJSMsg<T>
{
    private static readonly byte[] Ack = "+ACK"u8.ToArray();
    private static readonly byte[] Nak = "-NAK"u8.ToArray();
    private static readonly byte[] Term = "+TERM"u8.ToArray();
    private static readonly byte[] Progress = "+WPI"u8.ToArray();

    private readonly INatsConnection _connection;

    internal NatsJSMsg(NatsMsg<T> msg, INatsConnection connection)
    {
        Msg = msg;
        _connection = connection;
        Metadata = NatsJSMsgMetadata.TryParse(msg.ReplyTo, out var metadata) ? metadata : null;
    }

    /// <summary>The underlying core message.</summary>
    public NatsMsg<T> Msg { get; }

    public string Subject => Msg.Subject;

    public T? Data => Msg.Data;

    public NatsHeaders? Headers => Msg.Headers;

    public string? ReplyTo => Msg.ReplyTo;

    public int Size => Msg.Size;

    /// <summary>Stream and consumer sequence, delivery count, pending count and timestamp; null if the reply subject is not an ack subject.</summary>
    public NatsJSMsgMetadata? Metadata { get; }

    /// <summary>Done: the server will not deliver the message to this consumer again.</summary>
    public ValueTask AckAsync(NatsJSAckOpts? opts = null, CancellationToken cancellationToken = default) =>
        SendAsync(Ack, opts, cancellationToken);

    /// <summary>Failed: redeliver, after <paramref name="delay"/> when given, else at once.</summary>
    public ValueTask NakAsync(TimeSpan? delay = null, NatsJSAckOpts? opts = null, CancellationToken cancellationToken = default)
    {
        if (delay is not { } d)
        {
            return SendAsync(Nak, opts, cancellationToken);
        }

        var nanos = checked(d.Ticks * 100).ToString(CultureInfo.InvariantCulture);
        return SendAsync(System.Text.Encoding.ASCII.GetBytes($"-NAK {{\"delay\":{nanos}}}"), opts, cancellationToken);
    }

    /// <summary>Give up: never redeliver, whatever MaxDeliver says.</summary>
    public ValueTask TermAsync(NatsJSAckOpts? opts = null, CancellationToken cancellationToken = default) =>
        SendAsync(Term, opts, cancellationToken);

    /// <summary>Still working: restarts the ack-wait timer without acknowledging.</summary>
    public ValueTask InProgressAsync(NatsJSAckOpts? opts = null, CancellationToken cancellationToken = default) =>
        SendAsync(Progress, opts, cancellationToken);

    private async ValueTask SendAsync(byte[] payload, NatsJSAckOpts? opts, CancellationToken cancellationToken)
    {
        if (ReplyTo is not { Length: > 0 } replyTo || _connection is null)
        {
            throw new InvalidOperationException($"The message on '{Subject}' carries no ack subject; it was not delivered by a consumer with acks");
        }

        if (opts?.DoubleAck == true)
        {
            // The server answers an ack sent as a request once it has applied it.
            await _connection.RequestAsync<byte[], byte[]>(replyTo, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _connection.PublishAsync(replyTo, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
