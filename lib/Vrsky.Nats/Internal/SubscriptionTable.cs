using System.Collections.Concurrent;

namespace Vrsky.Nats.Internal;

/// <summary>sid → subscription; sids are never reused within a connection, across reconnects too.</summary>
internal sealed class SubscriptionTable
{
    private readonly ConcurrentDictionary<long, SubscriptionBase> _subs = new();
    private long _lastSid;

    public long NextSid() => Interlocked.Increment(ref _lastSid);

    public void Add(SubscriptionBase sub) => _subs[sub.Sid] = sub;

    public bool TryGet(long sid, out SubscriptionBase sub) => _subs.TryGetValue(sid, out sub!);

    public bool Remove(long sid) => _subs.TryRemove(sid, out _);

    public IReadOnlyList<SubscriptionBase> Snapshot() => [.. _subs.Values.OrderBy(s => s.Sid)];
}
