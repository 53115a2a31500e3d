using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>
/// Discord's bucket bookkeeping: a fixed window per (route, major parameter), reported in <c>X-RateLimit-*</c> headers,
/// a 429 with <c>retry_after</c> when a client ignores them, and forced 429s (bucket or global) for tests.
/// </summary>
public sealed class RestRateLimits(EmulatorOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Used, DateTimeOffset ResetAt)> _windows = [];
    private readonly Queue<(string RouteContains, TimeSpan RetryAfter, bool Global)> _forced = new();
    private int _limited;

    /// <summary>How many 429s were answered.</summary>
    public int Limited => Volatile.Read(ref _limited);

    /// <summary>The next request whose route template contains <paramref name="routeContains"/> gets a 429.</summary>
    public void ForceNext(string routeContains, TimeSpan retryAfter, bool global = false)
    {
        lock (_lock)
        {
            _forced.Enqueue((routeContains, retryAfter, global));
        }
    }

    /// <summary>Counts the request; returns the 429's retry-after and scope when it must be refused.</summary>
    public (TimeSpan RetryAfter, bool Global)? Check(string template, string major, IHeaderDictionary headers)
    {
        lock (_lock)
        {
            if (_forced.TryPeek(out var forced) && template.Contains(forced.RouteContains, StringComparison.Ordinal))
            {
                _forced.Dequeue();
                Interlocked.Increment(ref _limited);
                return (forced.RetryAfter, forced.Global);
            }

            var now = time.GetUtcNow();
            var key = $"{template}|{major}";
            (int Used, DateTimeOffset ResetAt) window = _windows.TryGetValue(key, out var w) && w.ResetAt > now ? w : (0, now + options.BucketWindow);
            var resetAfter = window.ResetAt - now;
            headers["X-RateLimit-Bucket"] = Hash(template);
            headers["X-RateLimit-Limit"] = options.BucketLimit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset-After"] = resetAfter.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = (window.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
            if (window.Used >= options.BucketLimit)
            {
                headers["X-RateLimit-Remaining"] = "0";
                Interlocked.Increment(ref _limited);
                return (resetAfter, false);
            }

            _windows[key] = (window.Used + 1, window.ResetAt);
            headers["X-RateLimit-Remaining"] = (options.BucketLimit - window.Used - 1).ToString(CultureInfo.InvariantCulture);
            return null;
        }
    }

    private static string Hash(string template) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..16];
}
