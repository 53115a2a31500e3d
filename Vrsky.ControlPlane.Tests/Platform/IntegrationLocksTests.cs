using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Platform;

[Collection(ControlPlaneCollection.Name)]
public sealed class IntegrationLocksTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task OnlyOneOfTwoWorkersHoldsTheLockUntilItsTtlLapses()
    {
        var locks = fixture.App.Services.GetRequiredService<IntegrationLocks>();
        var integration = Guid.NewGuid();

        var first = await locks.TryAcquireAsync(integration, "worker-a");
        Assert.NotNull(first);
        Assert.Null(await locks.TryAcquireAsync(integration, "worker-b"));

        // Renewed, the lock outlives its TTL; the contender keeps losing.
        var renewing = Stopwatch.StartNew();
        while (renewing.Elapsed < ControlPlaneFixture.LockTtl * 1.5)
        {
            Assert.True(await first.RenewAsync());
            Assert.Null(await locks.TryAcquireAsync(integration, "worker-b"));
            await Task.Delay(ControlPlaneFixture.LockTtl / 4);
        }

        // Once worker A stops renewing, worker B gets it after the TTL, not before.
        Assert.True(await first.RenewAsync());
        var sinceRenewal = Stopwatch.StartNew();
        IntegrationLock? second = null;
        await Eventually.WaitAsync(async () => (second = await locks.TryAcquireAsync(integration, "worker-b")) is not null,
            ControlPlaneFixture.LockTtl * 3, "lock taken over after the TTL");
        Assert.True(sinceRenewal.Elapsed >= ControlPlaneFixture.LockTtl - TimeSpan.FromMilliseconds(100), $"taken over after {sinceRenewal.Elapsed}");
        Assert.False(await first.RenewAsync());

        await second!.ReleaseAsync();
        Assert.NotNull(await locks.TryAcquireAsync(integration, "worker-a"));
    }
}
