using System.Net;
using System.Net.Http.Json;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Integrations;

[Collection(ControlPlaneCollection.Name)]
public sealed class IntegrationUpdateTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task UpdateChangesTheGivenFieldsAndKeepsTheOthers()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("update");
        using var client = fixture.Client(key);
        var created = (await ControlPlaneFixture.ReadAsync(await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations",
            new { name = "orders", filters = new[] { "a" }, max_retries = 2 })))["integration"]!;
        await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = "invoices" });
        var path = $"/api/v1/tenants/{tenantId}/integrations/{created["id"]}";

        var response = await client.PutAsJsonAsync(path, new { name = "orders-v2", status = "paused", consumer_config = new { queue = "q1" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fetched = await ControlPlaneFixture.ReadAsync(await client.GetAsync(path));
        Assert.Equal("orders-v2", (string)fetched["name"]!);
        Assert.Equal("paused", (string)fetched["status"]!);
        Assert.Equal("q1", (string)fetched["consumer_config"]!["queue"]!);
        Assert.Equal("a", (string)fetched["filters"]![0]!);
        Assert.Equal(2, (int)fetched["max_retries"]!);
        Assert.Equal((string)created["nats_instance_id"]!, (string)fetched["nats_instance_id"]!);
        Assert.True((DateTimeOffset)fetched["updated_at"]! > (DateTimeOffset)created["updated_at"]!);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync(path, new { name = "invoices" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync(path, new { status = "deleted" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync(path, new { name = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations/{Guid.NewGuid()}", new { status = "active" })).StatusCode);
        Assert.Equal("orders-v2", (string)(await ControlPlaneFixture.ReadAsync(await client.GetAsync(path)))["name"]!);

        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{tenantId}");
    }
}
