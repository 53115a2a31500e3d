namespace Vrsky.Nats.JetStream.Internal;

/// <summary>
/// Bookkeeping of the consume loop: how many requested messages are still to come, and when to
/// request more so that roughly <c>maxMsgs</c> stay outstanding without ever asking for more than that.
/// </summary>
internal sealed class PullBudget(int maxMsgs, int thresholdMsgs)
{
    /// <summary>Messages asked for whose delivery (or expiry) has not been seen yet.</summary>
    public int Outstanding { get; private set; }

    public void OnMessage() => Outstanding = Math.Max(0, Outstanding - 1);

    /// <summary>
    /// A request ended with <paramref name="unfulfilled"/> messages unsent. When the server did not
    /// say, assume nothing is outstanding: pulling a little too much is harmless, stalling is not.
    /// </summary>
    public void OnRequestEnded(int? unfulfilled) =>
        Outstanding = unfulfilled is { } n ? Math.Max(0, Outstanding - n) : 0;

    /// <summary>Every request is presumed lost (missed heartbeats, reconnect).</summary>
    public void Reset() => Outstanding = 0;

    /// <summary>The batch to request now, or 0 when enough is outstanding; counts it as outstanding.</summary>
    public int TakeRefill()
    {
        if (Outstanding >= thresholdMsgs)
        {
            return 0;
        }

        var batch = maxMsgs - Outstanding;
        Outstanding = maxMsgs;
        return batch;
    }
}
