using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Instances;

/// <summary>Runs provisioning jobs from the queue, up to four at a time (a Kubernetes rollout can take minutes).</summary>
internal sealed class ProvisioningWorker(
    ProvisioningJobs jobs, InstanceStore instances, TenantStore tenants, IInstanceProvisioner provisioner, AuditLog audit, ILogger<ProvisioningWorker> logger)
    : BackgroundService
{
    private const int Parallelism = 4;

    /// <summary>
    /// A failed job runs again by itself this many times in all, a second later each time more (a port taken between
    /// choosing and binding it, an API server hiccup); after that it waits for a retry through the API. Until its job
    /// succeeds an instance stays provisioning, which holds up the tenant's autoscaling.
    /// </summary>
    private const int AutomaticAttempts = 3;
    private static readonly TimeSpan AutomaticRetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);

        // Jobs a previous run left unfinished run again: every step is idempotent.
        foreach (var id in await jobs.ListUnfinishedAsync(stoppingToken))
        {
            jobs.Enqueue(id);
        }

        using var slots = new SemaphoreSlim(Parallelism);
        var running = new List<Task>();
        try
        {
            await foreach (var id in jobs.Queue.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(id, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(running);
        }
    }

    /// <summary>
    /// Instances that were running when the control plane last stopped are provisioned again (local servers stopped
    /// with it; a Kubernetes apply of an unchanged object changes nothing) so discovery never points at nothing.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in await instances.ListRunningAsync(cancellationToken))
        {
            try
            {
                var tenant = await tenants.GetAsync(instance.TenantId, cancellationToken);
                var credentials = await tenants.GetNatsCredentialsAsync(instance.TenantId, cancellationToken);
                if (tenant is null || credentials is null)
                {
                    continue;
                }

                var endpoints = await provisioner.ProvisionAsync(new InstanceSpec(instance.Id, tenant.Slug, instance.InstanceNumber, credentials),
                    new Progress<string>(), cancellationToken);
                await instances.MarkRunningAsync(instance.Id, endpoints, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                ControlPlaneLog.RecoveryFailed(logger, e, instance.Id);
                await instances.SetStatusAsync(instance.Id, InstanceStatus.Unhealthy, InstanceStatus.CanTurnUnhealthy, cancellationToken);
            }
        }
    }

    private async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken);
        if (job is null || job.Status is JobStatus.Succeeded or JobStatus.Failed)
        {
            return;
        }

        await jobs.StartAsync(jobId, cancellationToken);
        try
        {
            var instance = await instances.GetAsync(job.NatsInstanceId, cancellationToken) ?? throw new InvalidOperationException("The instance no longer exists.");
            var tenant = await tenants.GetAsync(job.TenantId, cancellationToken) ?? throw new InvalidOperationException("The tenant no longer exists.");
            var credentials = await tenants.GetNatsCredentialsAsync(job.TenantId, cancellationToken) ?? throw new InvalidOperationException("The tenant no longer exists.");
            var spec = new InstanceSpec(instance.Id, tenant.Slug, instance.InstanceNumber, credentials);
            if (job.Kind == JobKind.Provision)
            {
                var endpoints = await provisioner.ProvisionAsync(spec, new JobProgress(jobs, jobId, 50), cancellationToken);
                if (!await instances.MarkRunningAsync(instance.Id, endpoints, cancellationToken))
                {
                    // Deprovisioned while it started: leave nothing running.
                    await provisioner.DeprovisionAsync(spec, cancellationToken);
                    throw new InvalidOperationException("The instance was deprovisioned while it started.");
                }
            }
            else
            {
                // The job is the authority on ending an instance, whatever state it is in.
                await instances.SetStatusAsync(instance.Id, InstanceStatus.Terminating, InstanceStatus.All, cancellationToken);
                await jobs.ReportAsync(jobId, 50, "stopping the instance", cancellationToken);
                await provisioner.DeprovisionAsync(spec, cancellationToken);
                await instances.MarkTerminatedAsync(instance.Id, cancellationToken);
            }

            await jobs.FinishAsync(jobId, succeeded: true, "done", cancellationToken);
            await audit.WriteAsync(new AuditEntry(job.TenantId, instance.Id, "provisioner", $"instance.{job.Kind}ed", $"job {jobId}",
                new { instance_number = instance.InstanceNumber, attempt = job.Attempts + 1 }), cancellationToken);
            ControlPlaneLog.JobSucceeded(logger, jobId, job.Kind, tenant.Slug, instance.InstanceNumber);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ControlPlaneLog.JobFailed(logger, e, jobId, job.Kind);
            await jobs.FinishAsync(jobId, succeeded: false, e.Message, CancellationToken.None);
            var attempt = job.Attempts + 1;
            if (attempt < AutomaticAttempts)
            {
                await RetryLaterAsync(jobId, AutomaticRetryDelay * attempt, cancellationToken);
            }
        }
    }

    private async Task RetryLaterAsync(Guid jobId, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            await jobs.RetryAsync(jobId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the failed job stays failed, and can be retried through the API.
        }
    }

    /// <summary>Writes each progress message of a provisioner to the job row.</summary>
    private sealed class JobProgress(ProvisioningJobs jobs, Guid jobId, int percent) : IProgress<string>
    {
        public void Report(string value) => _ = jobs.ReportAsync(jobId, percent, value, CancellationToken.None);
    }
}
