using System.Collections.Concurrent;
using System.Globalization;

namespace Vrsky.Discord.Rest;

/// <summary>
/// Discord's rate limits as the headers describe them: each route maps to a bucket (<c>X-RateLimit-Bucket</c>), split
/// further by the major parameter; a bucket with <c>Remaining: 0</c> waits <c>Reset-After</c>; a global 429 stops every
/// request. Calls in one bucket run one at a time so the remaining count stays true.
/// </summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _globalUntil;

    internal sealed class Bucket
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int? Remaining;
        public long ResetAt;
    }

    /// <summary>Waits until the route may be called; the caller must <see cref="Release"/> the returned bucket.</summary>
    public async Task<Bucket> AcquireAsync(DiscordRoute route, Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        var hash = _routeBuckets.TryGetValue(route.Key, out var known) ? known : route.Key;
        var bucket = _buckets.GetOrAdd($"{hash}|{route.Major}", _ => new Bucket());
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitGlobalAsync(onWait, cancellationToken).ConfigureAwait(false);
            if (bucket.Remaining == 0 && Until(bucket.ResetAt) is { } wait)
            {
                onWait("bucket", wait);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            return bucket;
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    public static void Release(Bucket bucket) => bucket.Gate.Release();

    private async Task WaitGlobalAsync(Action<string, TimeSpan> onWait, CancellationToken cancellationToken)
    {
        while (Until(Interlocked.Read(ref _globalUntil)) is { } wait)
        {
            onWait("global", wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Learns the bucket and its remaining calls from a response's headers.</summary>
    public void Update(DiscordRoute route, Bucket bucket, HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Bucket") is { Length: > 0 } hash)
        {
            _routeBuckets[route.Key] = hash;
            // Later calls of this route find this same state under the learned hash.
            _buckets.TryAdd($"{hash}|{route.Major}", bucket);
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
