using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Autoscaling;

/// <summary>
/// One instance as the policy sees it; <see cref="HotSince"/> is when its rate last rose above the limit,
/// <see cref="RelievedAt"/> when integrations were last moved off it to relieve it.
/// </summary>
public sealed record InstanceFigures(
    Guid Id, int Number, string Status, int Integrations, double MessageRate, DateTimeOffset? HotSince, int Connections, DateTimeOffset? RelievedAt = null)
{
    /// <summary>Carrying more messages or connections than one instance should, right now.</summary>
    public bool UnderLoad(AutoscalerOptions options) => HotSince is not null || Connections > options.MaxConnections;

    /// <summary>Why this instance needs relief now (hot for the whole window, or too many connections); null when it does not.</summary>
    public string? Overload(AutoscalerOptions options, DateTimeOffset now) =>
        HotSince is { } since && now - since >= options.SustainedRateWindow
            ? $"instance {Number} sustained {MessageRate:0} msgs/s (> {options.MaxMessageRate:0}) for {(now - since).TotalSeconds:0} s"
            : Connections > options.MaxConnections ? $"instance {Number} has {Connections} connections (> {options.MaxConnections})"
            : null;
}

public abstract record AutoscaleDecision
{
    public sealed record None : AutoscaleDecision;

    /// <summary>Add an instance; with <paramref name="Relieve"/>, move part of the trigger's integrations onto it so it takes load.</summary>
    public sealed record ScaleUp(string Reason, InstanceFigures Trigger, bool Relieve = false) : AutoscaleDecision;

    public sealed record ScaleDown(string Reason, InstanceFigures Instance) : AutoscaleDecision;

    /// <summary>Move <paramref name="Count"/> of <paramref name="From"/>'s integrations to <paramref name="To"/>, which is quiet and has room.</summary>
    public sealed record Rebalance(string Reason, InstanceFigures From, InstanceFigures To, int Count) : AutoscaleDecision;
}

/// <summary>The autoscaler's rules for one tenant, as a pure function of its instances' figures.</summary>
public static class AutoscalePolicy
{
    public static AutoscaleDecision Decide(IReadOnlyList<InstanceFigures> instances, AutoscalerOptions options, DateTimeOffset now)
    {
        // One change at a time: wait while an instance starts, drains or stops.
        if (instances.Any(i => i.Status is InstanceStatus.Provisioning or InstanceStatus.Draining or InstanceStatus.Terminating))
        {
            return new AutoscaleDecision.None();
        }

        var active = instances.Where(i => i.Status is InstanceStatus.Active or InstanceStatus.Scaling).OrderBy(i => i.Number).ToList();
        if (active.Count == 0)
        {
            return new AutoscaleDecision.None();
        }

        // Full only matters when no other instance has room: new integrations go to the one with room.
        if (active.All(i => i.Integrations >= options.ScaleUpIntegrations))
        {
            var full = active.MaxBy(i => i.Integrations)!;
            return new AutoscaleDecision.ScaleUp($"instance {full.Number} has {full.Integrations} integrations (≥ {options.ScaleUpIntegrations})", full);
        }

        // Likewise load: while another instance is not under load, integrations moved there relieve the busy one, and
        // clients still connected to it (they move only when they reconnect) must not add instance after instance.
        if (active.All(i => i.UnderLoad(options)))
        {
            var overloaded = active.Select(i => (Instance: i, Reason: i.Overload(options, now))).FirstOrDefault(o => o.Reason is not null);
            return overloaded.Reason is { } reason ? new AutoscaleDecision.ScaleUp(reason, overloaded.Instance, Relieve: true) : new AutoscaleDecision.None();
        }

        if (Rebalance(active, options, now) is { } rebalance)
        {
            return rebalance;
        }

        // Never drain while any instance is under load: the extra instance is what relieves it.
        if (active.Count < 2 || active.Any(i => i.UnderLoad(options)))
        {
            return new AutoscaleDecision.None();
        }

        var extra = active.Skip(1).Where(i => i.Integrations < options.ScaleDownIntegrations).MaxBy(i => i.Number);
        if (extra is null)
        {
            return new AutoscaleDecision.None();
        }

        // Only if the rest can take its integrations without filling up, and not when every other instance is full
        // already (even an empty extra instance is the room new integrations need): either would scale straight back up.
        var rest = active.Where(i => i != extra).ToList();
        if (rest.All(i => i.Integrations >= options.ScaleUpIntegrations))
        {
            return new AutoscaleDecision.None();
        }

        var room = rest.Sum(i => Math.Max(0, options.ScaleUpIntegrations - 1 - i.Integrations));
        return room >= extra.Integrations
            ? new AutoscaleDecision.ScaleDown($"instance {extra.Number} has {extra.Integrations} integrations (< {options.ScaleDownIntegrations})", extra)
            : new AutoscaleDecision.None();
    }

    /// <summary>
    /// An overloaded instance next to a quiet one: half its integrations (the best estimate of half its load, as load is
    /// measured per instance) move to the quiet instance with the most room, no more than keeps it below the scale-up
    /// threshold. An instance relieved less than <see cref="AutoscalerOptions.RebalanceCooldown"/> ago is left alone:
    /// its clients follow only when they reconnect, so its figures lag behind the move.
    /// </summary>
    private static AutoscaleDecision.Rebalance? Rebalance(List<InstanceFigures> active, AutoscalerOptions options, DateTimeOffset now)
    {
        var quiet = active.Where(i => !i.UnderLoad(options)).MinBy(i => i.Integrations);
        if (quiet is null)
        {
            return null;
        }

        var room = options.ScaleUpIntegrations - 1 - quiet.Integrations;
        foreach (var hot in active.Where(i => i.RelievedAt is not { } relieved || now - relieved >= options.RebalanceCooldown))
        {
            var count = Math.Min(hot.Integrations / 2, room);
            if (count > 0 && hot.Overload(options, now) is { } reason)
            {
                return new AutoscaleDecision.Rebalance(reason, hot, quiet, count);
            }
        }

        return null;
    }
}
