using System.Net;
using System.Net.Http.Json;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Tenants;

[Collection(ControlPlaneCollection.Name)]
public sealed class TenantsApiTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("-leading-dash")]
    [InlineData("trailing-dash-")]
    [InlineData("1starts-with-digit")]
    [InlineData("has_underscore")]
    [InlineData("a-slug-that-is-far-too-long-for-a-tenant-name")]
    [InlineData("")]
    public async Task BadSlugIsRefusedWithProblemDetails(string slug)
    {
        using var client = fixture.Client();
        var response = await client.PostAsJsonAsync("/api/v1/tenants", new { slug });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("slug", (string)(await ControlPlaneFixture.ReadAsync(response))["detail"]!);
    }

    [Fact]
    public async Task TenantIsCreatedListedSuspendedAndDeleted()
    {
        var (id, slug, key) = await fixture.CreateTenantAsync("life");
        using var admin = fixture.Client();
        using var own = fixture.Client(key);

        var fetched = await ControlPlaneFixture.ReadAsync(await own.GetAsync($"/api/v1/tenants/{id}"));
        var listedByTenant = (await ControlPlaneFixture.ReadAsync(await own.GetAsync("/api/v1/tenants"))).AsArray();
        var duplicate = await admin.PostAsJsonAsync("/api/v1/tenants", new { slug });
        var suspended = await ControlPlaneFixture.ReadAsync(await admin.PostAsync($"/api/v1/tenants/{id}/suspend", null));
        var integrationWhileSuspended = await own.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = "x" });
        var deleted = await admin.DeleteAsync($"/api/v1/tenants/{id}");

        Assert.Equal(slug, (string)fetched["slug"]!);
        Assert.Equal(id, (Guid)Assert.Single(listedByTenant)!["id"]!);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("suspended", (string)suspended["status"]!);
        Assert.Equal(HttpStatusCode.Conflict, integrationWhileSuspended.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/tenants/{id}")).StatusCode);
        // Its key went with it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await own.GetAsync("/api/v1/tenants")).StatusCode);
    }

    [Fact]
    public async Task UnknownTenantIsNotFound()
    {
        using var admin = fixture.Client();
        var response = await admin.GetAsync($"/api/v1/tenants/{Guid.NewGuid()}/nats-instances");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MissingOrWrongKeyIsUnauthorized()
    {
        using var none = fixture.Client(apiKey: null);
        using var wrong = fixture.Client("vrsky_not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/api/v1/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsJsonAsync("/api/v1/tenants", new { slug = "sneaky" })).StatusCode);
    }

    /// <summary>The key is checked before the request is bound: without one, a malformed body or query says nothing about the endpoint.</summary>
    [Fact]
    public async Task MissingKeyIsUnauthorizedBeforeABadBodyOrQueryIsRead()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync("authfirst");
        using var none = fixture.Client(apiKey: null);
        using var wrong = fixture.Client("vrsky_not-a-key");

        foreach (var client in new[] { none, wrong })
        {
            var malformed = await client.PostAsync("/api/v1/tenants", new StringContent("{\"slug\": ", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutAsync($"/api/v1/tenants/{tenantId}/integrations/{Guid.NewGuid()}",
                new StringContent("[", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/tenants/{tenantId}/integrations?limit=lots&after=not-an-id")).StatusCode);
        }

        // With a key, the same body is the caller's mistake.
        using var admin = fixture.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/v1/tenants", new StringContent("{\"slug\": ", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task TenantKeySeesOnlyItsOwnTenant()
    {
        var (a, _, keyA) = await fixture.CreateTenantAsync("own");
        var (b, _, _) = await fixture.CreateTenantAsync("foreign");
        using var clientA = fixture.Client(keyA);

        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync($"/api/v1/tenants/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.GetAsync($"/api/v1/tenants/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.GetAsync($"/api/v1/tenants/{b}/nats-instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.PostAsJsonAsync($"/api/v1/tenants/{b}/integrations", new { name = "x" })).StatusCode);
        // Unknown tenants look the same as foreign ones to a tenant key.
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.GetAsync($"/api/v1/tenants/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.PostAsJsonAsync("/api/v1/tenants", new { slug = "by-tenant" })).StatusCode);
    }

    [Fact]
    public async Task BadIntegrationInputIsRefused()
    {
        var (id, _, key) = await fixture.CreateTenantAsync("badint");
        using var client = fixture.Client(key);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = "x", converters = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = new string('n', 201) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/tenants/{id}/integrations/{Guid.NewGuid()}")).StatusCode);
    }
}
