using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Idp;

namespace Vrsky.TokenWorker.Caching;

/// <summary>A token served from the cache, with its true remaining lifetime.</summary>
public readonly record struct CachedTokenHit(IdpResult Token, TimeSpan RemainingLifetime);

/// <summary>Where a token came from.</summary>
public enum TokenSource
{
    /// <summary>Served from the cache.</summary>
    Cache,

    /// <summary>This request called the IdP.</summary>
    Idp,

    /// <summary>This request joined a call another request had in flight for the same key.</summary>
    SharedCall,
}

/// <summary>
/// Tokens by <see cref="TokenCacheKey"/>, each served until <c>expires_in</c> minus a safety margin (at most half the
/// lifetime); errors are never cached. Concurrent misses for one key share a single IdP call (single flight).
/// </summary>
public sealed class TokenCache(IOptions<TokenWorkerOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<TokenCacheKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<TokenCacheKey, Task<IdpResult>> _flights = new();
    private readonly TimeSpan _margin = options.Value.Cache.SafetyMargin;
    private readonly int _maxEntries = options.Value.Cache.MaxEntries;

    public int Count => _entries.Count;

    public bool TryGet(TokenCacheKey key, out CachedTokenHit hit)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.ServeUntil > now)
            {
                hit = new CachedTokenHit(entry.Token, entry.ExpiresAt - now);
                return true;
            }

            _entries.TryRemove(new KeyValuePair<TokenCacheKey, Entry>(key, entry));
        }

        hit = default;
        return false;
    }

    /// <summary>
    /// The cached token, else the result of <paramref name="fetch"/>, run once for all callers that miss on the key at the
    /// same time. A joining caller stops waiting at <paramref name="waitLimit"/> (the call goes on for the others).
    /// </summary>
    public async Task<(IdpResult Result, TokenSource Source, TimeSpan? Remaining)> GetOrFetchAsync(
        TokenCacheKey key, Func<Task<IdpResult>> fetch, TimeSpan waitLimit)
    {
        if (TryGet(key, out var hit))
        {
            return (hit.Token, TokenSource.Cache, hit.RemainingLifetime);
        }

        var ours = new TaskCompletionSource<IdpResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _flights.GetOrAdd(key, ours.Task);
        if (flight != ours.Task)
        {
            var shared = await flight.WaitAsync(waitLimit > TimeSpan.Zero ? waitLimit : TimeSpan.Zero).ConfigureAwait(false);
            return (shared, TokenSource.SharedCall, shared.ExpiresIn);
        }

        try
        {
            // A flight that finished between our miss and our GetOrAdd may have filled the cache.
            if (TryGet(key, out hit))
            {
                ours.SetResult(hit.Token);
                return (hit.Token, TokenSource.Cache, hit.RemainingLifetime);
            }

            var result = await fetch().ConfigureAwait(false);
            Store(key, result);
            ours.SetResult(result);
            return (result, TokenSource.Idp, result.ExpiresIn);
        }
        catch (Exception e)
        {
            ours.SetException(e);
            throw;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<TokenCacheKey, Task<IdpResult>>(key, ours.Task));
        }
    }

    private void Store(TokenCacheKey key, IdpResult result)
    {
        if (!result.IsSuccess || result.ExpiresIn is not { } lifetime || lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var margin = _margin < lifetime / 2 ? _margin : lifetime / 2;
        if (_entries.Count >= _maxEntries && !_entries.ContainsKey(key))
        {
            MakeRoom(now);
        }

        _entries[key] = new Entry(result, now + lifetime - margin, now + lifetime);
    }

    /// <summary>Drops expired entries; if the cache is still full, the one that would expire first.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ServeUntil <= now)
            {
                _entries.TryRemove(new KeyValuePair<TokenCacheKey, Entry>(key, entry));
            }
        }

        while (_entries.Count >= _maxEntries)
        {
            var soonest = _entries.MinBy(e => e.Value.ServeUntil);
            if (!_entries.TryRemove(soonest))
            {
                break;
            }
        }
    }

    private sealed record Entry(IdpResult Token, DateTimeOffset ServeUntil, DateTimeOffset ExpiresAt);
}
