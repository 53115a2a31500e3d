using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Instances.Local;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Instances;

/// <summary>Local tenant servers are children of the control plane: none may outlive it.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LocalShutdownTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task LocalServersAreGoneOnceTheControlPlaneStopped()
    {
        var pids = new List<int>();
        await using (var controlPlane = await IsolatedControlPlane.StartAsync(fixture, new Dictionary<string, string?>()))
        {
            foreach (var slug in new[] { "stop-a", "stop-b" })
            {
                var created = await ControlPlaneFixture.ReadAsync(await controlPlane.Admin.PostAsJsonAsync("/api/v1/tenants", new { slug }));
                var tenantId = (Guid)created["tenant"]!["id"]!;
                await controlPlane.Admin.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "one" });
                var discovery = await ControlPlaneFixture.WaitForInstancesAsync(controlPlane.Admin, tenantId,
                    a => a.Count == 1 && (string)a[0]!["status"]! == "active", TimeSpan.FromSeconds(30), "the instance is active");
                var provisioner = controlPlane.App.Services.GetRequiredService<LocalNatsProvisioner>();
                pids.Add(provisioner.GetPid((Guid)discovery["instances"]![0]!["id"]!)!.Value);
            }

            Assert.All(pids, pid => Assert.True(Processes.IsRunning(pid)));
        }

        // Disposed: the app stopped, which stops its servers before it returns.
        Assert.All(pids, pid => Assert.False(Processes.IsRunning(pid), $"nats-server {pid} outlived the control plane"));
    }
}
