namespace Vrsky.Nats;

/// <summary>A received message. <see cref="Size"/> is the wire size of headers plus payload.</summary>
public readonly record struct NatsMsg<T>(
    string Subject,
    string? ReplyTo,
    int Size,
    NatsHeaders? Headers,
    T? Data,
    INatsConnection? Connection)
{
    /// <summary>True for the server's 503 status answer to a request nobody listens to.</summary>
    public bool HasNoResponders => Headers?.Code == 503;

    /// <summary>Publishes <paramref name="data"/> to <see cref="ReplyTo"/>.</summary>
    public ValueTask ReplyAsync<TReply>(TReply data, NatsHeaders? headers = null, string? replyTo = null, NatsPubOpts? opts = null, CancellationToken cancellationToken = default)
    {
        if (Connection is null)
        {
            throw new InvalidOperationException("The message is not bound to a connection");
        }

        if (string.IsNullOrEmpty(ReplyTo))
        {
            throw new InvalidOperationException($"The message on '{Subject}' has no reply subject");
        }

        return Connection.PublishAsync(ReplyTo, data, headers, replyTo, opts, cancellationToken);
    }

    /// <summary>Replies with an empty payload.</summary>
    public ValueTask ReplyAsync(CancellationToken cancellationToken = default) =>
        ReplyAsync(ReadOnlyMemory<byte>.Empty, cancellationToken: cancellationToken);
}
