using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Tenants;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>
/// Provisioning is idempotent: a job for an instance already running (a job run again after a restart, a retry) and
/// a second call to the provisioner keep the server that runs, its endpoints and its process.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ReprovisionTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ProvisioningARunningInstanceAgainKeepsItsEndpointsAndItsOneServer()
    {
        var (tenantId, slug, key) = await fixture.CreateTenantAsync("again");
        using var client = fixture.Client(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "one" })).StatusCode);
        var before = (await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 1 && (string)i[0]!["status"]! == "active", Timeout, "instance 1 active"))["instances"]![0]!;
        var instanceId = (Guid)before["id"]!;
        var pid = fixture.Provisioner.GetPid(instanceId)!.Value;

        // The provision job once more, as a restart re-runs an unfinished one.
        var jobs = fixture.App.Services.GetRequiredService<ProvisioningJobs>();
        Guid jobId;
        await using (var connection = await fixture.App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        {
            jobId = await ProvisioningJobs.CreateAsync(connection, tenantId, instanceId, JobKind.Provision, CancellationToken.None);
        }

        jobs.Enqueue(jobId);
        ProvisioningJob? job = null;
        await Eventually.WaitAsync(async () => (job = await jobs.GetAsync(jobId, CancellationToken.None))!.Status is JobStatus.Succeeded or JobStatus.Failed,
            Timeout, "the second provision job finished");
        Assert.Equal(JobStatus.Succeeded, job!.Status);

        // And the provisioner called directly.
        var credentials = (await fixture.App.Services.GetRequiredService<TenantStore>().GetNatsCredentialsAsync(tenantId, CancellationToken.None))!;
        var endpoints = await fixture.Provisioner.ProvisionAsync(new InstanceSpec(instanceId, slug, 1, credentials), new Progress<string>());

        var after = (await fixture.WaitForInstancesAsync(tenantId, i => i.Count == 1, Timeout, "one instance"))["instances"]![0]!;
        Assert.Equal(("active", (string)before["url"]!, (string)before["monitor_url"]!), ((string)after["status"]!, (string)after["url"]!, (string)after["monitor_url"]!));
        Assert.Equal(((string)before["url"]!, (string)before["monitor_url"]!), (endpoints.ClientUrl, endpoints.MonitorUrl));
        Assert.Equal(pid, fixture.Provisioner.GetPid(instanceId));
        Assert.Equal([pid], Processes.NatsServersOf(instanceId));
        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{tenantId}");
    }
}
