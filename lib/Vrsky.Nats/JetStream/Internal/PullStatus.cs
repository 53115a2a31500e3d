using System.Globalization;

namespace Vrsky.Nats.JetStream.Internal;

internal enum PullStatusKind
{
    /// <summary>A stream message (no status line).</summary>
    Message,

    /// <summary>100 Idle Heartbeat: the server still holds a request.</summary>
    Heartbeat,

    /// <summary>404 No Messages: a no-wait request found nothing.</summary>
    NoMessages,

    /// <summary>408 / 409: one request is over; <see cref="PullStatus.UnfulfilledMsgs"/> says how much of it went unused.</summary>
    RequestEnded,

    /// <summary>409 Consumer Deleted.</summary>
    ConsumerDeleted,

    /// <summary>503: no consumer (or no leader) answered the pull request.</summary>
    NoResponders,

    /// <summary>Any other status, e.g. 400 Bad Request for an invalid pull.</summary>
    Error,
}

/// <summary>What a message on a pull inbox means for the pull loop.</summary>
/// <param name="UnfulfilledMsgs">For <see cref="PullStatusKind.RequestEnded"/>: messages of that request never sent; null when the server did not say.</param>
internal readonly record struct PullStatus(PullStatusKind Kind, int? UnfulfilledMsgs, string Description)
{
    public static PullStatus Classify(NatsHeaders? headers)
    {
        if (headers is null || headers.Code == 0)
        {
            return new PullStatus(PullStatusKind.Message, null, "");
        }

        var text = headers.MessageText;
        return headers.Code switch
        {
            100 => new PullStatus(PullStatusKind.Heartbeat, null, text),
            404 => new PullStatus(PullStatusKind.NoMessages, null, text),
            408 => new PullStatus(PullStatusKind.RequestEnded, Unfulfilled(headers), text),
            409 when text.Contains("Consumer Deleted", StringComparison.OrdinalIgnoreCase) => new PullStatus(PullStatusKind.ConsumerDeleted, null, text),

            // Exceeded MaxWaiting, Batch Completed, Leadership Change, Server Shutdown, message size over max_bytes…
            409 => new PullStatus(PullStatusKind.RequestEnded, Unfulfilled(headers), text),
            503 => new PullStatus(PullStatusKind.NoResponders, null, text),
            _ => new PullStatus(PullStatusKind.Error, null, $"{headers.Code} {text}"),
        };
    }

    private static int? Unfulfilled(NatsHeaders headers) =>
        headers.TryGetValue(NatsJSHeaderNames.PendingMessages, out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pending)
            ? pending
            : null;
}
