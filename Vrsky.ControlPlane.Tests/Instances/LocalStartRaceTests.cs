using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Instances.Local;
using Vrsky.ControlPlane.Tenants;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>
/// A local tenant server whose start is cancelled (shutdown) or deprovisioned (tenant deleted) while it is still
/// coming up must not be left running with nobody to stop it.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LocalStartRaceTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task AStartCancelledOrDeprovisionedMidwayLeavesNoServerBehind()
    {
        await using var controlPlane = await IsolatedControlPlane.StartAsync(fixture, new Dictionary<string, string?>());
        var provisioner = controlPlane.App.Services.GetRequiredService<LocalNatsProvisioner>();

        // Cancellation at different points of the start: before the launch, while waiting for health, after it.
        for (var step = 0; step < 8; step++)
        {
            var cancelled = Spec(step);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(25 * step));
            try
            {
                await provisioner.ProvisionAsync(cancelled, new Progress<string>(), cancel.Token);
                await provisioner.DeprovisionAsync(cancelled);
            }
            catch (OperationCanceledException)
            {
                // Cancelled midway: nothing may run.
            }

            Assert.Empty(Processes.NatsServersOf(cancelled.InstanceId));
        }

        // A deprovision arriving while the same instance is still starting stops what that start brings up.
        var raced = Spec(100);
        var provision = provisioner.ProvisionAsync(raced, new Progress<string>());
        await provisioner.DeprovisionAsync(raced);
        await provision;
        Assert.Empty(Processes.NatsServersOf(raced.InstanceId));
    }

    private static InstanceSpec Spec(int number) =>
        new(Guid.NewGuid(), "race", number + 1, new TenantNatsCredentials("race", "race-password-" + number));
}
