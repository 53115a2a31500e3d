using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>
/// A provisioning job that fails runs again by itself: an <see cref="IsolatedControlPlane"/> with the Kubernetes
/// provisioner against an API server that refuses the first call.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ProvisioningRetryTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task JobRefusedOnceByTheApiServerSucceedsOnItsSecondAttempt()
    {
        await using var api = await FakeKubernetesApi.StartAsync(refuseFirst: 1);
        var token = Path.GetTempFileName();
        await File.WriteAllTextAsync(token, "sa-token");
        try
        {
            await using var controlPlane = await KubernetesControlPlaneAsync(api, token);
            var created = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.PostAsJsonAsync("/api/v1/tenants", new { slug = "retry" }));
            var tenantId = (Guid)created["tenant"]!["id"]!;
            var accepted = await controlPlane.Admin.PostAsync($"/api/v1/tenants/{tenantId}/nats-instances", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var job = (string)(await ControlPlaneFixture.ReadAsync(accepted))["job"]!;

            JsonNode? status = null;
            await Eventually.WaitAsync(async () => (string)(status = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync(job)))["status"]! == "succeeded",
                TimeSpan.FromSeconds(30), "the job succeeded");
            Assert.Equal(2, (int)status!["attempts"]!);
            var discovery = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances"));
            Assert.Equal("active", (string)discovery["instances"]![0]!["status"]!);
            Assert.Equal("nats://nats-retry-1.vrsky-tenants.svc.cluster.local:4222", (string)discovery["url"]!);
            // One refused apply, then the four objects.
            Assert.Equal(5, api.Requests.Count(r => r.Method == "PATCH"));
        }
        finally
        {
            File.Delete(token);
        }
    }

    [Fact]
    public async Task JobThatFailedEveryAutomaticAttemptSucceedsWhenRetriedThroughTheApi()
    {
        // Three automatic attempts, each refused once; the retry through the API is the fourth.
        await using var api = await FakeKubernetesApi.StartAsync(refuseFirst: 3);
        var token = Path.GetTempFileName();
        await File.WriteAllTextAsync(token, "sa-token");
        try
        {
            await using var controlPlane = await KubernetesControlPlaneAsync(api, token);
            var created = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.PostAsJsonAsync("/api/v1/tenants", new { slug = "manual" }));
            var tenantId = (Guid)created["tenant"]!["id"]!;
            var job = (string)(await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.PostAsync($"/api/v1/tenants/{tenantId}/nats-instances", null)))["job"]!;

            JsonNode? status = null;
            await Eventually.WaitAsync(async () =>
                {
                    status = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync(job));
                    return (string)status["status"]! == "failed" && (int)status["attempts"]! == 3;
                },
                TimeSpan.FromSeconds(30), "the job failed its three automatic attempts");
            Assert.Equal("provisioning", (string)(await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances")))["instances"]![0]!["status"]!);

            var retry = await controlPlane.Admin.PostAsync(job + "/retry", null);
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            await Eventually.WaitAsync(async () => (string)(status = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync(job)))["status"]! == "succeeded",
                TimeSpan.FromSeconds(30), "the retried job succeeded");
            Assert.Equal(4, (int)status!["attempts"]!);
            Assert.Equal("active", (string)(await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances")))["instances"]![0]!["status"]!);
            Assert.Equal(3 + 4, api.Requests.Count(r => r.Method == "PATCH"));
        }
        finally
        {
            File.Delete(token);
        }
    }

    /// <summary>A control plane of its own whose Kubernetes provisioner talks to <paramref name="api"/>.</summary>
    private Task<IsolatedControlPlane> KubernetesControlPlaneAsync(FakeKubernetesApi api, string tokenPath) =>
        IsolatedControlPlane.StartAsync(fixture, new Dictionary<string, string?>
        {
            ["ControlPlane:Provisioner:Kind"] = "kubernetes",
            ["ControlPlane:Provisioner:ApiServer"] = api.Address,
            ["ControlPlane:Provisioner:TokenPath"] = tokenPath,
            // Cluster DNS names do not resolve here: polling them would only mark the instance unhealthy.
            ["ControlPlane:Autoscaler:Enabled"] = "false",
        });
}
