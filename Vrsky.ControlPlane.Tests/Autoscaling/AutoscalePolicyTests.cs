using Vrsky.ControlPlane.Autoscaling;
using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

public sealed class AutoscalePolicyTests
{
    private static readonly AutoscalerOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static InstanceFigures Instance(
        int number, int integrations, double rate = 0, DateTimeOffset? hotSince = null, int connections = 0, string status = InstanceStatus.Active,
        DateTimeOffset? relievedAt = null) =>
        new(Guid.NewGuid(), number, status, integrations, rate, hotSince, connections, relievedAt);

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
        // Instance 2 took half the integrations a minute ago; clients still on instance 1 move only when they reconnect.
        var relieved = Now.AddMinutes(-1);
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 5, connections: 900, relievedAt: relieved), Instance(2, 5)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 5, 150_000, Now.AddMinutes(-9), relievedAt: relieved), Instance(2, 5)], Options, Now));
        // Both busy: one more.
        Assert.IsType<AutoscaleDecision.ScaleUp>(AutoscalePolicy.Decide([Instance(1, 5, connections: 900), Instance(2, 5, connections: 600)], Options, Now));
        // The load is gone: the extra instance holding few integrations is drained.
        Assert.IsType<AutoscaleDecision.ScaleDown>(AutoscalePolicy.Decide([Instance(1, 5), Instance(2, 5)], Options, Now));
    }

    [Fact]
    public void HotInstanceNextToAQuietOneMovesHalfItsIntegrationsThereOnceSustained()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 10, 150_000, Now.AddMinutes(-4)), Instance(2, 4)], Options, Now));
        var hot = Instance(1, 10, 150_000, Now.AddMinutes(-5));
        var quiet = Instance(2, 4);
        var move = Assert.IsType<AutoscaleDecision.Rebalance>(AutoscalePolicy.Decide([hot, quiet], Options, Now));
        Assert.Equal((hot, quiet, 5), (move.From, move.To, move.Count));
        Assert.Equal("instance 1 sustained 150000 msgs/s (> 100000) for 300 s", move.Reason);
    }

    [Fact]
    public void CrowdedInstanceNextToAQuietOneMovesHalfItsIntegrationsThere()
    {
        var move = Assert.IsType<AutoscaleDecision.Rebalance>(AutoscalePolicy.Decide([Instance(1, 30), Instance(2, 7, connections: 501)], Options, Now));
        Assert.Equal((2, 1, 3), (move.From.Number, move.To.Number, move.Count));
        Assert.Equal("instance 2 has 501 connections (> 500)", move.Reason);
    }

    [Fact]
    public void RebalanceGoesToTheQuietInstanceWithMostRoomAndNeverFillsIt()
    {
        var crowded = Instance(1, 40, connections: 501);
        Assert.Equal(3, Assert.IsType<AutoscaleDecision.Rebalance>(AutoscalePolicy.Decide([crowded, Instance(2, 30), Instance(3, 10)], Options, Now)).To.Number);
        // Instance 2 takes 4 (up to 49), not 20.
        Assert.Equal(4, Assert.IsType<AutoscaleDecision.Rebalance>(AutoscalePolicy.Decide([crowded, Instance(2, 45)], Options, Now)).Count);
        // No room below the threshold, or nothing to split: nothing moves.
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([crowded, Instance(2, 49)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 1, connections: 501), Instance(2, 0)], Options, Now));
    }

    [Fact]
    public void RelievedInstanceIsNotRelievedAgainWithinTheCooldown()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide(
            [Instance(1, 10, connections: 501, relievedAt: Now - Options.RebalanceCooldown + TimeSpan.FromSeconds(1)), Instance(2, 5)], Options, Now));
        Assert.IsType<AutoscaleDecision.Rebalance>(AutoscalePolicy.Decide(
            [Instance(1, 10, connections: 501, relievedAt: Now - Options.RebalanceCooldown), Instance(2, 5)], Options, Now));
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
    public void EmptyExtraInstanceNextToFullOnesIsKeptAsTheirRoom()
    {
        // Draining it would leave every instance full, and the policy would add it straight back, forever.
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 50), Instance(2, 0)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 50), Instance(2, 50), Instance(3, 0)], Options, Now));
        // Below the threshold the others still take it.
        Assert.IsType<AutoscaleDecision.ScaleDown>(AutoscalePolicy.Decide([Instance(1, 48), Instance(2, 1)], Options, Now));
        Assert.IsType<AutoscaleDecision.ScaleDown>(AutoscalePolicy.Decide([Instance(1, 49), Instance(2, 0)], Options, Now));
    }

    [Fact]
    public void NothingChangesWhileAnInstanceIsStartingOrUnderLoad()
    {
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 50), Instance(2, 0, status: InstanceStatus.Provisioning)], Options, Now));
        Assert.IsType<AutoscaleDecision.None>(AutoscalePolicy.Decide([Instance(1, 10, 150_000, Now), Instance(2, 0)], Options, Now));
    }
}
