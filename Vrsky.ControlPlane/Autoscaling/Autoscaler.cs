using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Autoscaling;

/// <summary>
/// Every interval: polls each running instance's <c>/varz</c> and <c>/connz</c>, turns successive <c>in_msgs</c>
/// counters into a message rate (server clock on both ends, so poll latency does not skew it), stores the figures,
/// marks instances that miss consecutive polls unhealthy, then lets <see cref="AutoscalePolicy"/> decide per tenant.
/// </summary>
internal sealed class Autoscaler(
    InstanceStore instances, NatsMonitorClient monitor, InstanceScaler scaler, AuditLog audit, IOptions<AutoscalerOptions> options, TimeProvider time,
    ILogger<Autoscaler> logger) : BackgroundService
{
    private const string Actor = "autoscaler";
    private const double BytesPerMb = 1024 * 1024;
    private readonly AutoscalerOptions _options = options.Value;
    private readonly Dictionary<Guid, Sample> _samples = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                ControlPlaneLog.AutoscalerTickFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var live = await instances.ListLiveAsync(cancellationToken);
        var figures = new List<(Guid TenantId, InstanceFigures Figures)>();
        foreach (var instance in live)
        {
            var status = instance.Status;
            if (InstanceStatus.Serving.Contains(status) && instance.MonitorUrl is { } monitorUrl)
            {
                // One instance failing in an unforeseen way (or its figures not being stored) must not cost every
                // other instance and tenant its round: it keeps its status until the next tick.
                try
                {
                    status = await PollAsync(instance, monitorUrl, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    ControlPlaneLog.InstanceRoundFailed(logger, e, instance.Id);
                }
            }

            var sample = _samples.GetValueOrDefault(instance.Id);
            figures.Add((instance.TenantId, new InstanceFigures(instance.Id, instance.InstanceNumber, status, instance.IntegrationCount,
                sample?.Rate ?? 0, sample?.HotSince, sample?.Connections ?? 0, sample?.RelievedAt)));
        }

        foreach (var gone in _samples.Keys.Except(live.Select(i => i.Id)).ToList())
        {
            _samples.Remove(gone);
        }

        foreach (var tenant in figures.GroupBy(f => f.TenantId, f => f.Figures))
        {
            var tenantFigures = tenant.ToList();
            var snapshot = tenantFigures.Select(f => new { f.Number, f.Status, f.Integrations, rate = Math.Round(f.MessageRate, 1), f.Connections });
            switch (AutoscalePolicy.Decide(tenantFigures, _options, time.GetUtcNow()))
            {
                case AutoscaleDecision.ScaleUp up:
                    ControlPlaneLog.ScalingUp(logger, tenant.Key, up.Reason);
                    if (await scaler.ScaleUpAsync(tenant.Key, Actor, up.Reason, snapshot, onlyIfSettled: true, up.Relieve ? up.Trigger.Id : null, cancellationToken) is not null
                        && up.Relieve)
                    {
                        Relieved(up.Trigger.Id);
                    }

                    break;
                case AutoscaleDecision.Rebalance move:
                    ControlPlaneLog.Rebalancing(logger, tenant.Key, move.From.Number, move.To.Number, move.Count, move.Reason);
                    if (await scaler.RebalanceAsync(tenant.Key, move.From.Id, move.To.Id, move.Count, Actor, move.Reason, snapshot, cancellationToken) is not null)
                    {
                        Relieved(move.From.Id);
                    }

                    break;
                case AutoscaleDecision.ScaleDown down:
                    ControlPlaneLog.ScalingDown(logger, tenant.Key, down.Instance.Number, down.Reason);
                    await scaler.DrainAsync(down.Instance.Id, Actor, down.Reason, snapshot, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// Integrations just moved off the instance: what made it hot was measured before, so the sustained window starts
    /// over, and the policy's cooldown keeps it from being relieved again before its clients have followed.
    /// </summary>
    private void Relieved(Guid instanceId)
    {
        if (_samples.TryGetValue(instanceId, out var sample))
        {
            sample.HotSince = null;
            sample.RelievedAt = time.GetUtcNow();
        }
    }

    /// <summary>Polls one instance; returns its status after the poll.</summary>
    private async Task<string> PollAsync(NatsInstance instance, string monitorUrl, CancellationToken cancellationToken)
    {
        var sample = _samples.TryGetValue(instance.Id, out var known) ? known : _samples[instance.Id] = new Sample();
        Varz varz;
        Connz connz;
        try
        {
            varz = await monitor.GetVarzAsync(monitorUrl, cancellationToken);
            connz = await monitor.GetConnzAsync(monitorUrl, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever kept the monitoring port from answering (refused, timed out, garbage, a bad URL) is a failed poll.
            return await PollFailedAsync(instance, sample, e, cancellationToken);
        }

        // A restarted server starts its counters from zero: no rate until the next poll.
        sample.Rate = sample.Last is { } last && varz.Now > last.Now && varz.InMsgs >= last.InMsgs
            ? (varz.InMsgs - last.InMsgs) / (varz.Now - last.Now).TotalSeconds
            : sample.Rate;
        sample.Last = varz;
        sample.Connections = connz.Total;
        sample.HotSince = sample.Rate > _options.MaxMessageRate ? sample.HotSince ?? time.GetUtcNow() : null;
        sample.FailedPolls = 0;
        await instances.RecordFiguresAsync(instance.Id, sample.Rate, connz.Total, varz.Mem / BytesPerMb, cancellationToken);
        // Only if nothing else changed it since it was read: a deprovision job may have taken it meanwhile.
        if (instance.Status == InstanceStatus.Unhealthy && await instances.SetStatusAsync(instance.Id, InstanceStatus.Active, [InstanceStatus.Unhealthy], cancellationToken))
        {
            await audit.WriteAsync(new AuditEntry(instance.TenantId, instance.Id, Actor, "instance.recovered", "monitoring answers again",
                new { instance_number = instance.InstanceNumber }), cancellationToken);
            return InstanceStatus.Active;
        }

        return instance.Status;
    }

    private async Task<string> PollFailedAsync(NatsInstance instance, Sample sample, Exception error, CancellationToken cancellationToken)
    {
        sample.FailedPolls++;
        ControlPlaneLog.PollFailed(logger, instance.Id, sample.FailedPolls, error.Message);
        // Conditional, as the instance may have started draining or been taken by a deprovision job since it was read.
        if (sample.FailedPolls < _options.UnhealthyAfterFailedPolls || instance.Status == InstanceStatus.Unhealthy
            || !await instances.SetStatusAsync(instance.Id, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, cancellationToken))
        {
            return instance.Status;
        }

        await audit.WriteAsync(new AuditEntry(instance.TenantId, instance.Id, Actor, "instance.unhealthy",
            $"{sample.FailedPolls} consecutive failed polls", new { instance_number = instance.InstanceNumber, error = error.Message }), cancellationToken);
        return InstanceStatus.Unhealthy;
    }

    private sealed class Sample
    {
        public Varz? Last { get; set; }

        public double Rate { get; set; }

        public int Connections { get; set; }

        public DateTimeOffset? HotSince { get; set; }

        public DateTimeOffset? RelievedAt { get; set; }

        public int FailedPolls { get; set; }
    }
}

internal static class AutoscalerServices
{
    public static IServiceCollection AddAutoscaler(this IServiceCollection services) => services.AddHostedService<Autoscaler>();
}
