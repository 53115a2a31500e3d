using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// One processor per integration: the lock is a create-only key in <c>integration_locks</c>, so exactly one of
/// several contenders creates it. The holder renews it (a compare-and-set on its own revision, which restarts the
/// bucket's TTL); a holder that stops renewing loses it when the TTL lapses, and the key can be created again.
/// </summary>
public sealed class IntegrationLocks(PlatformStores stores)
{
    /// <summary>The lock, or null while someone else holds it.</summary>
    public async Task<IntegrationLock?> TryAcquireAsync(Guid integrationId, string owner, CancellationToken cancellationToken = default)
    {
        var store = await stores.LocksAsync(cancellationToken);
        try
        {
            var revision = await store.CreateAsync(Key(integrationId), owner, cancellationToken);
            return new IntegrationLock(store, Key(integrationId), owner, revision);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            return null;
        }
    }

    private static string Key(Guid integrationId) => integrationId.ToString("N");
}

/// <summary>A held lock. <see cref="RenewAsync"/> fails once the lock was lost (expired and taken by another).</summary>
public sealed class IntegrationLock(INatsKVStore store, string key, string owner, ulong revision)
{
    public string Owner { get; } = owner;

    public ulong Revision { get; private set; } = revision;

    /// <summary>Restarts the TTL; false when the lock is no longer ours.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Revision = await store.UpdateAsync(key, Owner, Revision, cancellationToken);
            return true;
        }
        catch (NatsKVWrongLastRevisionException)
        {
            return false;
        }
    }

    /// <summary>Gives the lock up, if it is still ours.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        var current = await store.TryGetEntryAsync<string>(key, cancellationToken: cancellationToken);
        if (current.Success && current.Value.Revision == Revision)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
    }
}
