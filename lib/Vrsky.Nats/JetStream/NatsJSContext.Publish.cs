using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

public sealed partial class NatsJSContext
{
    public async ValueTask<PubAckResponse> PublishAsync<T>(string subject, T data, NatsJSPubOpts? opts = null, NatsHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var reply = await RequestAsync<T, byte[]>(subject, data, WithPubConditions(headers, opts), cancellationToken).ConfigureAwait(false);
        return ParseApiReply(reply.Data, Json.PubAckResponse, subject);
    }

    public NatsJSPublisher CreatePublisher(int maxInFlight = 256) => new(this, maxInFlight);

    /// <summary>The caller's headers plus one header per condition; a copy, so the caller's instance can be reused.</summary>
    internal static NatsHeaders? WithPubConditions(NatsHeaders? headers, NatsJSPubOpts? opts)
    {
        if (opts is null)
        {
            return headers;
        }

        var result = new NatsHeaders();
        if (headers is not null)
        {
            foreach (var (key, values) in headers)
            {
                foreach (var value in values)
                {
                    result.Add(key, value);
                }
            }
        }

        if (opts.MsgId is { } msgId)
        {
            result[NatsJSHeaderNames.MsgId] = msgId;
        }

        if (opts.ExpectedStream is { } stream)
        {
            result[NatsJSHeaderNames.ExpectedStream] = stream;
        }

        if (opts.ExpectedLastSequence is { } lastSeq)
        {
            result[NatsJSHeaderNames.ExpectedLastSequence] = lastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (opts.ExpectedLastSubjectSequence is { } lastSubjectSeq)
        {
            result[NatsJSHeaderNames.ExpectedLastSubjectSequence] = lastSubjectSeq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (opts.ExpectedLastMsgId is { } lastMsgId)
        {
            result[NatsJSHeaderNames.ExpectedLastMsgId] = lastMsgId;
        }

        return result;
    }
}
