namespace Vrsky.Discord.Gateway;

/// <summary>
/// Discord closes a connection that sends more than 120 payloads in 60 s. A sliding window of send times keeps the
/// client below that; heartbeats may use the last few slots so a burst of other sends can never starve them.
/// </summary>
internal sealed class GatewaySendLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private const int HeartbeatReserve = 3;
    private readonly Queue<long> _sent = new();
    private readonly Lock _lock = new();

    /// <summary>Waits until a slot is free, then takes it.</summary>
    public async ValueTask AcquireAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetTimestamp();
                while (_sent.Count > 0 && time.GetElapsedTime(_sent.Peek(), now) >= window)
                {
                    _sent.Dequeue();
                }

                var allowed = heartbeat ? limit : Math.Max(1, limit - HeartbeatReserve);
                if (_sent.Count < allowed)
                {
                    _sent.Enqueue(now);
                    return;
                }

                // The slot frees when the oldest send that keeps us at the limit leaves the window.
                wait = window - time.GetElapsedTime(_sent.ElementAt(_sent.Count - allowed), now);
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
