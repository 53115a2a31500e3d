using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Autoscaling;

/// <summary>One instance as the policy sees it; <see cref="HotSince"/> is when its rate last rose above the limit.</summary>
public sealed record InstanceFigures(Guid Id, int Number, string Status, int Integrations, double MessageRate, DateTimeOffset? HotSince, int Connections)
{
    /// <summary>Carrying more messages or connections than one instance should, right now.</summary>
    public bool UnderLoad(AutoscalerOptions options) => HotSince is not null || Connections > options.MaxConnections;
}

public abstract record AutoscaleDecision
{
    public sealed record None : AutoscaleDecision;

    /// <summary>Add an instance; with <paramref name="Relieve"/>, move part of the trigger's integrations onto it so it takes load.</summary>
    public sealed record ScaleUp(string Reason, InstanceFigures Trigger, bool Relieve = false) : AutoscaleDecision;

    public sealed record ScaleDown(string Reason, InstanceFigures Instance) : AutoscaleDecision;
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
            if (active.FirstOrDefault(i => i.HotSince is { } since && now - since >= options.SustainedRateWindow) is { } hot)
            {
                return new AutoscaleDecision.ScaleUp(
                    $"instance {hot.Number} sustained {hot.MessageRate:0} msgs/s (> {options.MaxMessageRate:0}) for {(now - hot.HotSince!.Value).TotalSeconds:0} s", hot, Relieve: true);
            }

            if (active.FirstOrDefault(i => i.Connections > options.MaxConnections) is { } crowded)
            {
                return new AutoscaleDecision.ScaleUp($"instance {crowded.Number} has {crowded.Connections} connections (> {options.MaxConnections})", crowded, Relieve: true);
            }
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

        // Only if the rest can take its integrations without filling up (which would scale straight back up).
        var room = active.Where(i => i != extra).Sum(i => Math.Max(0, options.ScaleUpIntegrations - 1 - i.Integrations));
        return room >= extra.Integrations
            ? new AutoscaleDecision.ScaleDown($"instance {extra.Number} has {extra.Integrations} integrations (< {options.ScaleDownIntegrations})", extra)
            : new AutoscaleDecision.None();
    }
}
