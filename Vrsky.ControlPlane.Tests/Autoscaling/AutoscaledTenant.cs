using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Autoscaling;

/// <summary>A tenant with four integrations on an isolated control plane, as the load and rebalancing tests drive it.</summary>
internal sealed class AutoscaledTenant(HttpClient admin, Guid id, TimeSpan timeout)
{
    public Guid Id => id;

    /// <summary>Creates the tenant and its four integrations, and waits for its first instance to be active.</summary>
    public static async Task<(AutoscaledTenant Tenant, JsonNode Discovery)> CreateAsync(HttpClient admin, string slug, TimeSpan timeout)
    {
        var created = await ControlPlaneFixture.ReadAsync(await admin.PostAsJsonAsync("/api/v1/tenants", new { slug }));
        var tenant = new AutoscaledTenant(admin, (Guid)created["tenant"]!["id"]!, timeout);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/tenants/{tenant.Id}/integrations", new { name = $"i{i}" })).StatusCode);
        }

        return (tenant, await tenant.WaitForInstancesAsync(i => i.Count == 1 && (string)i[0]!["status"]! == "active", "instance 1 active"));
    }

    public async Task<JsonNode> DiscoverAsync() => await ControlPlaneFixture.ReadAsync(await admin.GetAsync($"/api/v1/tenants/{id}/nats-instances"));

    public Task<JsonNode> WaitForInstancesAsync(Func<JsonArray, bool> condition, string because) =>
        ControlPlaneFixture.WaitForInstancesAsync(admin, id, condition, timeout, because);

    /// <summary>Waits until the autoscaler has polled the instance at <paramref name="index"/> four more times.</summary>
    public async Task WaitForFourMorePollsAsync(int index)
    {
        var polled = (string?)(await DiscoverAsync())["instances"]![index]!["last_polled_at"];
        var polls = 0;
        await Eventually.WaitAsync(async () =>
        {
            var now = (string?)(await DiscoverAsync())["instances"]![index]!["last_polled_at"];
            polls += now != polled ? 1 : 0;
            polled = now;
            return polls >= 4;
        }, timeout, "four more autoscaler polls");
    }

    /// <summary>Options for a client of the tenant's instance at <paramref name="url"/>, with the credentials discovery handed out.</summary>
    public static NatsOpts ClientOpts(JsonNode discovery, string url) => NatsOpts.Default with
    {
        Url = url,
        AuthOpts = new NatsAuthOpts { Username = (string)discovery["credentials"]!["user"]!, Password = (string)discovery["credentials"]!["password"]! },
    };
}
