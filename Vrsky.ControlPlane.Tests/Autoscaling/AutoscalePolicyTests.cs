using Vrsky.ControlPlane.Autoscaling;
using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

public sealed class AutoscalePolicyTests
{
    private static readonly AutoscalerOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static InstanceFigures Instance(int number, int integrations, double rate = 0, DateTimeOffset? hotSince = null, int connections = 0, string status = InstanceStatus.Active) =>
        new(Guid.NewGuid(), number, status, integrations, rate, hotSince, connections);

    [Fact]
    public void FullInstanceWithoutRoomElsewhereScalesUpWithoutMovingIntegrations() =>
        Assert.False(Assert.IsType<AutoscaleDecision.ScaleUp>(AutoscalePolicy.Decide([Instance(1, 50)], Options, Now)).Relieve);

    [Fact]
    public void FullInstanceWithRoomElsewhereDoesNotScaleUp() =>
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 50), Instance(2, 30)], Options, Now));

    [Fact]
    public void HighRateScalesUpOnlyOnceSustainedForTheWindow()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 10, 150_000, Now.AddMinutes(-4))], Options, Now));
        var up = Assert.IsType<AutoscaleDecision.ScaleUp>(AutoscalePolicy.Decide([Instance(1, 10, 150_000, Now.AddMinutes(-5))], Options, Now));
        Assert.Contains("150000 msgs/s", up.Reason);
        Assert.True(up.Relieve);
    }

    [Fact]
    public void TooManyConnectionsScaleUpAndRelieveTheCrowdedInstance()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 10, connections: 500)], Options, Now));
        var crowded = Instance(1, 10, connections: 501);
        var up = Assert.IsType<AutoscaleDecision.ScaleUp>(AutoscalePolicy.Decide([crowded], Options, Now));
        Assert.Equal(crowded, up.Trigger);
        Assert.True(up.Relieve);
    }

    [Fact]
    public void LoadAddsNoInstanceWhileAnotherIsNotUnderLoadAndKeepsTheExtraOneFromDraining()
    {
        // Instance 2 took half the integrations; clients still on instance 1 move only when they reconnect.
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 5, connections: 900), Instance(2, 5)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 5, 150_000, Now.AddMinutes(-9)), Instance(2, 5)], Options, Now));
        // Both busy: one more.
        Assert.IsType<AutoscaleDecision.ScaleUp>(AutoscalePolicy.Decide([Instance(1, 5, connections: 900), Instance(2, 5, connections: 600)], Options, Now));
        // The load is gone: the extra instance holding few integrations is drained.
        Assert.IsType<AutoscaleDecision.ScaleDown>(AutoscalePolicy.Decide([Instance(1, 5), Instance(2, 5)], Options, Now));
    }

    [Fact]
    public void ExtraInstanceBelowTwentyFiveIsDrainedWhenTheOthersHaveRoom()
    {
        var extra = Instance(2, 24);
        var down = Assert.IsType<AutoscaleDecision.ScaleDown>(AutoscalePolicy.Decide([Instance(1, 20), extra], Options, Now));
        Assert.Equal(extra, down.Instance);
        // Moving 24 onto 30 would fill instance 1 to 54, which would scale straight back up.
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 30), Instance(2, 24)], Options, Now));
        // The first instance is never the extra one.
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 5)], Options, Now));
    }

    [Fact]
    public void NothingChangesWhileAnInstanceIsStartingOrUnderLoad()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 50), Instance(2, 0, status: InstanceStatus.Provisioning)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 10, 150_000, Now), Instance(2, 0)], Options, Now));
    }
}
