using Vrsky.Nats.Internal;

namespace Vrsky.Nats;

/// <summary>Request/reply over one shared wildcard inbox subscription.</summary>
public sealed partial class NatsConnection
{
    private readonly string _inboxPrefix;
    private readonly SemaphoreSlim _inboxGate = new(1, 1);
    private InboxMux? _inbox;

    public string NewInbox() => $"{Opts.InboxPrefix}.{Nuid.Next()}";

    public async ValueTask<NatsMsg<TReply>> RequestAsync<TRequest, TReply>(string subject, TRequest data, NatsHeaders? headers = null, NatsRequestOpts? opts = null, CancellationToken cancellationToken = default)
    {
        Protocol.ProtocolWriter.ValidateSubject(subject);
        var timeout = opts?.Timeout ?? Opts.RequestTimeout;
        await EnsureConnectedAsync(cancellationToken);
        var inbox = _inbox ?? await CreateInboxAsync(cancellationToken);
        var (replyTo, token, reply) = inbox.Register();
        RawReply raw;
        try
        {
            await PublishAsync(subject, data, headers, replyTo, null, cancellationToken);
            raw = await reply.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new NatsTimeoutException($"No reply on '{subject}' within {timeout}");
        }
        finally
        {
            inbox.Cancel(token);
        }

        if (raw.Headers?.Code == 503)
        {
            throw new NatsNoRespondersException(subject);
        }

        TReply? value;
        try
        {
            value = NatsSerializer<TReply>.Deserialize(new System.Buffers.ReadOnlySequence<byte>(raw.Payload), Opts.SerializerOptions);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new NatsException($"The reply on '{subject}' is not a valid {typeof(TReply).Name}", e);
        }

        return new NatsMsg<TReply>(raw.Subject, raw.ReplyTo, raw.Size, raw.Headers, value, this);
    }

    private async ValueTask<InboxMux> CreateInboxAsync(CancellationToken cancellationToken)
    {
        await _inboxGate.WaitAsync(cancellationToken);
        try
        {
            if (_inbox is null)
            {
                var inbox = new InboxMux(_subs.NextSid(), _inboxPrefix);
                await AddSubscriptionAsync(inbox, cancellationToken);
                _inbox = inbox;
            }

            return _inbox;
        }
        finally
        {
            _inboxGate.Release();
        }
    }
}
