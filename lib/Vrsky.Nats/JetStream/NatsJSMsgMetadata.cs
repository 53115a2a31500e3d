using System.Globalization;

namespace Vrsky.Nats.JetStream;

/// <summary>A message's position in its stream and in the consumer that delivered it.</summary>
public readonly record struct NatsJSSequencePair(ulong Stream, ulong Consumer);

/// <summary>
/// Delivery facts the server encodes in a JetStream message's reply subject:
/// <c>$JS.ACK.&lt;stream&gt;.&lt;consumer&gt;.&lt;delivered&gt;.&lt;sseq&gt;.&lt;cseq&gt;.&lt;ts&gt;.&lt;pending&gt;</c>, or the newer form
/// with <c>&lt;domain&gt;.&lt;account hash&gt;</c> after <c>$JS.ACK</c> and a random token at the end.
/// </summary>
public readonly record struct NatsJSMsgMetadata(
    NatsJSSequencePair Sequence,
    ulong NumDelivered,
    ulong NumPending,
    DateTimeOffset Timestamp,
    string Stream,
    string Consumer,
    string Domain)
{
    private const int V1Tokens = 9;
    private const int V2MinTokens = 11;

    /// <summary>Parses an ack subject; false for anything that is not one.</summary>
    public static bool TryParse(string? replyTo, out NatsJSMsgMetadata metadata)
    {
        metadata = default;
        if (replyTo is null || !replyTo.StartsWith("$JS.ACK.", StringComparison.Ordinal))
        {
            return false;
        }

        var tokens = replyTo.Split('.');
        int first;
        string domain;
        if (tokens.Length == V1Tokens)
        {
            first = 2;
            domain = "";
        }
        else if (tokens.Length >= V2MinTokens)
        {
            first = 4;
            domain = tokens[2] == "_" ? "" : tokens[2];
        }
        else
        {
            return false;
        }

        if (!TryULong(tokens[first + 2], out var delivered)
            || !TryULong(tokens[first + 3], out var streamSeq)
            || !TryULong(tokens[first + 4], out var consumerSeq)
            || !long.TryParse(tokens[first + 5], NumberStyles.None, CultureInfo.InvariantCulture, out var nanos)
            || !TryULong(tokens[first + 6], out var pending))
        {
            return false;
        }

        metadata = new NatsJSMsgMetadata(
            new NatsJSSequencePair(streamSeq, consumerSeq),
            delivered,
            pending,
            DateTimeOffset.UnixEpoch.AddTicks(nanos / 100),
            tokens[first],
            tokens[first + 1],
            domain);
        return true;
    }

    private static bool TryULong(string token, out ulong value) =>
        ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
