using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Instances;

/// <summary>
/// What a worker needs to reach a tenant: every serving instance's URL, the same joined with commas (one NATS URL
/// with failover), and the tenant's credentials, which every instance of the tenant accepts.
/// </summary>
public sealed record Discovery(IReadOnlyList<NatsInstance> Instances, IReadOnlyList<string> Urls, string Url, TenantNatsCredentials Credentials);

public sealed record JobAccepted(Guid InstanceId, Guid JobId, string Job);

public static class InstancesApi
{
    public static RouteGroupBuilder MapInstancesApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/tenants/{tenantId:guid}/nats-instances").WithTags("Instances");
        instances.MapGet("/", DiscoverAsync).WithName("DiscoverInstances");
        instances.MapPost("/", ProvisionAsync).WithName("ProvisionInstance");
        instances.MapDelete("/{instanceNumber:int}", DeprovisionAsync).WithName("DeprovisionInstance");

        var jobs = api.MapGroup("/provisioning-jobs").WithTags("Instances");
        jobs.MapGet("/{jobId:guid}", GetJobAsync).WithName("GetProvisioningJob");
        jobs.MapPost("/{jobId:guid}/retry", RetryJobAsync).WithName("RetryProvisioningJob");
        return api;
    }

    private static async Task<IResult> DiscoverAsync(Guid tenantId, HttpContext http, TenantStore tenants, InstanceStore store)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        if (problem is not null)
        {
            return problem;
        }

        var all = await store.ListAsync(tenantId, includeTerminated: false, http.RequestAborted);
        var urls = all.Where(i => InstanceStatus.Serving.Contains(i.Status) && i.Url is not null).Select(i => i.Url!).ToList();
        var credentials = await tenants.GetNatsCredentialsAsync(tenantId, http.RequestAborted);
        return credentials is null ? Problems.NotFound($"Tenant '{tenantId}' does not exist.") : TypedResults.Ok(new Discovery(all, urls, string.Join(",", urls), credentials));
    }

    private static async Task<IResult> ProvisionAsync(Guid tenantId, HttpContext http, TenantStore tenants, InstanceScaler scaler)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId, adminOnly: true);
        if (problem is not null)
        {
            return problem;
        }

        var (instanceId, jobId) = (await scaler.ScaleUpAsync(tenantId, ApiCaller.Of(http).Actor, "API request", new { }, onlyIfSettled: false, relieve: null, http.RequestAborted))!.Value;
        return TypedResults.Accepted($"/api/v1/provisioning-jobs/{jobId}", new JobAccepted(instanceId, jobId, $"/api/v1/provisioning-jobs/{jobId}"));
    }

    private static async Task<IResult> DeprovisionAsync(Guid tenantId, int instanceNumber, HttpContext http, TenantStore tenants, InstanceStore store, InstanceScaler scaler)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId, adminOnly: true);
        if (problem is not null)
        {
            return problem;
        }

        var instance = (await store.ListAsync(tenantId, includeTerminated: false, http.RequestAborted)).FirstOrDefault(i => i.InstanceNumber == instanceNumber);
        if (instance is null)
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no instance {instanceNumber}.");
        }

        var drained = await scaler.DrainAsync(instance.Id, ApiCaller.Of(http).Actor, "API request", new { }, http.RequestAborted);
        return drained is { } d
            ? TypedResults.Accepted($"/api/v1/provisioning-jobs/{d.JobId}", new JobAccepted(instance.Id, d.JobId, $"/api/v1/provisioning-jobs/{d.JobId}"))
            : Problems.Conflict($"Instance {instanceNumber} cannot be drained now: it is {instance.Status}, or the other instances have no room for its {instance.IntegrationCount} integrations.");
    }

    private static async Task<IResult> GetJobAsync(Guid jobId, HttpContext http, ProvisioningJobs jobs)
    {
        var job = await jobs.GetAsync(jobId, http.RequestAborted);
        if (job is null)
        {
            return Problems.NotFound($"Provisioning job '{jobId}' does not exist.");
        }

        return ApiCaller.Of(http).CanAccess(job.TenantId) ? TypedResults.Ok(job) : Problems.Forbidden("This API key belongs to another tenant.");
    }

    private static async Task<IResult> RetryJobAsync(Guid jobId, HttpContext http, ProvisioningJobs jobs)
    {
        if (!ApiCaller.Of(http).IsAdmin)
        {
            return Problems.Forbidden("This operation needs the admin key.");
        }

        return await jobs.RetryAsync(jobId, http.RequestAborted) switch
        {
            null => Problems.NotFound($"Provisioning job '{jobId}' does not exist."),
            false => Problems.Conflict("Only a failed job can be retried."),
            true => TypedResults.Accepted($"/api/v1/provisioning-jobs/{jobId}", await jobs.GetAsync(jobId, http.RequestAborted)),
        };
    }
}
