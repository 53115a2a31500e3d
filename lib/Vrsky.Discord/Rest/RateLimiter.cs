using System.Collections.Concurrent;
using System.Globalization;

namespace Vrsky.Discord.Rest;

/// <summary>
/// Discord's rate limits as the headers describe them: each route maps to a bucket (<c>X-RateLimit-Bucket</c>), split
/// further by the major parameter; a bucket with <c>Remaining: 0</c> waits <c>Reset-After</c>; a global 429 stops every
/// request. Calls in one bucket run one at a time so the remaining count stays true. Across routes, at most
/// <paramref name="globalPerSecond"/> requests start in any one-second window, so the bot stays under Discord's global
/// limit instead of learning it from a 429 (interaction routes are exempt, as on Discord).
/// </summary>
internal sealed class RateLimiter(TimeProvider time, int globalPerSecond)
{
    /// <summary>Buckets kept before idle, expired ones are swept; the mark then doubles from what is left, so sweeps stay rare.</summary>
    internal const int SweepThreshold = 256;

    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);

    // Interaction and webhook routes split by interaction id or token, so every interaction adds buckets: the map is
    // swept of idle, expired ones (a fresh bucket behaves the same) or it would grow for as long as the bot runs.
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _bucketsLock = new();
    private int _sweepAt = SweepThreshold;
    private long _globalUntil;
    private readonly Queue<long> _recentStarts = new();

    internal sealed class Bucket
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int? Remaining;
        public long ResetAt;

        /// <summary>Callers between acquire and release (under the map's lock): a bucket in use is never swept.</summary>
        public int Users;
    }

    internal int BucketCount
    {
        get
        {
            lock (_bucketsLock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Waits until the route may be called; the caller must <see cref="Release"/> the returned bucket.</summary>
    public async Task<Bucket> AcquireAsync(DiscordRoute route, Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        var hash = _routeBuckets.TryGetValue(route.Key, out var known) ? known : route.Key;
        var bucket = Enter($"{hash}|{route.Major}");
        try
        {
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(bucket);
            throw;
        }

        try
        {
            await WaitGlobalAsync(onWait, cancellationToken).ConfigureAwait(false);
            if (!IsInteractionRoute(route))
            {
                await WaitGlobalWindowAsync(onWait, cancellationToken).ConfigureAwait(false);
            }

            if (bucket.Remaining == 0 && Until(bucket.ResetAt) is { } wait)
            {
                onWait("bucket", wait);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            return bucket;
        }
        catch
        {
            Release(bucket);
            throw;
        }
    }

    public void Release(Bucket bucket)
    {
        bucket.Gate.Release();
        Leave(bucket);
    }

    private Bucket Enter(string key)
    {
        lock (_bucketsLock)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Bucket();
                _buckets.Add(key, bucket);
                if (_buckets.Count >= _sweepAt)
                {
                    Sweep();
                }
            }

            bucket.Users++;
            return bucket;
        }
    }

    private void Leave(Bucket bucket)
    {
        lock (_bucketsLock)
        {
            bucket.Users--;
        }
    }

    /// <summary>Under the lock: drops buckets nobody uses whose window has passed (what they knew no longer holds).</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.Users == 0 && bucket.ResetAt <= now)
            {
                _buckets.Remove(key);
            }
        }

        _sweepAt = Math.Max(SweepThreshold, _buckets.Count * 2);
    }

    private async Task WaitGlobalAsync(Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        while (Until(Interlocked.Read(ref _globalUntil)) is { } wait)
        {
            onWait("global", wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Interaction callbacks and the interaction webhook (follow-ups, the original response) are not globally limited.</summary>
    private static bool IsInteractionRoute(DiscordRoute route) =>
        route.Template.StartsWith("/interactions/", StringComparison.Ordinal) || route.Template.StartsWith("/webhooks/{application_id}/{token}", StringComparison.Ordinal);

    private async Task WaitGlobalWindowAsync(Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        while (TakeGlobalSlot() is { } wait)
        {
            onWait("global", wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts a request among those started in the last second (a sliding window, so no second ever holds more than the
    /// limit, as a fixed window would at its edges); when that is full, how long until the oldest leaves it.
    /// </summary>
    private TimeSpan? TakeGlobalSlot()
    {
        lock (_recentStarts)
        {
            var now = time.GetUtcNow().UtcTicks;
            while (_recentStarts.TryPeek(out var oldest) && now - oldest >= TimeSpan.TicksPerSecond)
            {
                _recentStarts.Dequeue();
            }

            if (_recentStarts.Count < globalPerSecond)
            {
                _recentStarts.Enqueue(now);
                return null;
            }

            return TimeSpan.FromTicks(_recentStarts.Peek() + TimeSpan.TicksPerSecond - now);
        }
    }

    /// <summary>Learns the bucket and its remaining calls from a response's headers.</summary>
    public void Update(DiscordRoute route, Bucket bucket, HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Bucket") is { Length: > 0 } hash)
        {
            _routeBuckets[route.Key] = hash;
            // Later calls of this route find this same state under the learned hash.
            lock (_bucketsLock)
            {
                _buckets.TryAdd($"{hash}|{route.Major}", bucket);
            }
        }

        if (Header(response, "X-RateLimit-Remaining") is { } remaining && int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r))
        {
            bucket.Remaining = r;
        }

        if (Header(response, "X-RateLimit-Reset-After") is { } resetAfter && double.TryParse(resetAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            bucket.ResetAt = After(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)));
        }
    }

    /// <summary>A 429: the bucket (or, when global, every request) waits <paramref name="retryAfter"/>.</summary>
    public void Limited(Bucket bucket, bool global, TimeSpan retryAfter)
    {
        if (global)
        {
            Interlocked.Exchange(ref _globalUntil, After(retryAfter));
        }
        else
        {
            bucket.Remaining = 0;
            bucket.ResetAt = After(retryAfter);
        }
    }

    /// <summary>
    /// Reset times come rounded to the millisecond and timers tick in whole milliseconds, so a wait computed to the exact
    /// instant can end a hair before the server's window does and earn a 429; a small margin avoids that.
    /// </summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMilliseconds(25);

    private long After(TimeSpan span) => time.GetUtcNow().Add(span + ClockMargin).UtcTicks;

    private TimeSpan? Until(long ticks)
    {
        var wait = new DateTimeOffset(Math.Max(ticks, 0), TimeSpan.Zero) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
