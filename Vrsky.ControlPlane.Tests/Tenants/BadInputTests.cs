using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Tenants;

/// <summary>Input PostgreSQL cannot store, unreadable bodies and unknown routes: a 4xx problem, never a 500.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BadInputTests(ControlPlaneFixture fixture)
{
    // Raw JSON: "\u0000" here is the JSON escape, decoded to a NUL by the server's deserializer.
    [Theory]
    [InlineData("""{"slug":"nul-name","name":"bad\u0000name"}""", "name")]
    [InlineData("""{"slug":"ctl-name","name":"bad\u0007bell"}""", "name")]
    [InlineData("""{"slug":"nul-plan","plan":"pro\u0000"}""", "plan")]
    public async Task ControlCharacterInTenantIsRefusedNamingTheField(string json, string field)
    {
        using var client = fixture.Client();
        var response = await client.PostAsync("/api/v1/tenants", Json(json));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"'{field}'");
    }

    [Theory]
    [InlineData("""{"name":"bad\u0000name"}""", "name")]
    [InlineData("""{"name":"ok","consumer_config":{"queue":"a\u0000b"}}""", "consumer_config")]
    [InlineData("""{"name":"ok","producer_config":{"k\u0000":"v"}}""", "producer_config")]
    [InlineData("""{"name":"ok","converters":[{"to":["x","\u0000"]}]}""", "converters")]
    [InlineData("""{"name":"ok","filters":["\u0000"]}""", "filters")]
    public async Task NulInIntegrationIsRefusedNamingTheField(string json, string field)
    {
        var (id, _, key) = await fixture.CreateTenantAsync("nulint");
        using var client = fixture.Client(key);

        await AssertProblemAsync(await client.PostAsync($"/api/v1/tenants/{id}/integrations", Json(json)), HttpStatusCode.BadRequest, $"'{field}'");
        Assert.Empty((await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{id}/integrations"))).AsArray());
    }

    [Fact]
    public async Task NulInIntegrationUpdateIsRefused()
    {
        var (id, _, key) = await fixture.CreateTenantAsync("nulput");
        using var client = fixture.Client(key);
        var created = await ControlPlaneFixture.ReadAsync(await client.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = "first" }));
        var integrationId = (Guid)created["integration"]!["id"]!;

        var response = await client.PutAsync($"/api/v1/tenants/{id}/integrations/{integrationId}", Json("""{"filters":[{"match":"\u0000"}]}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'filters'");
        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{id}");
    }

    // A lone UTF-16 surrogate is valid JSON but no text: it cannot be read as a string, nor encoded for the database.
    [Theory]
    [InlineData("""{"name":"x","filters":["\udc00"]}""", "filters")]
    [InlineData("""{"name":"x","consumer_config":{"\ud800":"v"}}""", "consumer_config")]
    [InlineData("""{"name":"x","converters":[{"to":"a\ud800"}]}""", "converters")]
    [InlineData("""{"name":"x\udc00"}""", null)] // a string property: the body is refused as unreadable
    public async Task LoneSurrogateInIntegrationIsRefusedOnCreateAndUpdate(string json, string? field)
    {
        var (id, _, key) = await fixture.CreateTenantAsync("surrogate");
        using var client = fixture.Client(key);

        await AssertProblemAsync(await client.PostAsync($"/api/v1/tenants/{id}/integrations", Json(json)), HttpStatusCode.BadRequest, field is null ? null : $"'{field}'");
        var created = await ControlPlaneFixture.ReadAsync(await client.PostAsJsonAsync($"/api/v1/tenants/{id}/integrations", new { name = "first" }));
        var integrationId = (Guid)created["integration"]!["id"]!;
        await AssertProblemAsync(await client.PutAsync($"/api/v1/tenants/{id}/integrations/{integrationId}", Json(json)), HttpStatusCode.BadRequest, field is null ? null : $"'{field}'");
        using var admin = fixture.Client();
        await admin.DeleteAsync($"/api/v1/tenants/{id}");
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        using var client = fixture.Client();
        var response = await client.PostAsync("/api/v1/tenants", Json("""{"slug": """));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, detailContains: null);
    }

    [Fact]
    public async Task UnknownRouteIsANotFoundProblem()
    {
        using var client = fixture.Client();
        var response = await client.GetAsync("/api/v1/no-such-thing");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, detailContains: null);
    }

    /// <summary>The last line of defence behind validation: the database's invalid-text errors become 400, others stay unhandled (500).</summary>
    [Theory]
    [InlineData(PostgresErrorCodes.CharacterNotInRepertoire, true)]
    [InlineData(PostgresErrorCodes.UntranslatableCharacter, true)]
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation, true)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, false)]
    public async Task DatabaseInvalidTextErrorIsABadRequestProblem(string sqlState, bool handled)
    {
        using var scope = fixture.App.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handlers = scope.ServiceProvider.GetServices<IExceptionHandler>();

        var results = new List<bool>();
        foreach (var handler in handlers)
        {
            results.Add(await handler.TryHandleAsync(context, new PostgresException("invalid byte sequence", "ERROR", "ERROR", sqlState), CancellationToken.None));
        }

        Assert.Equal(handled, results.Contains(true));
        if (handled)
        {
            Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
            Assert.StartsWith("application/problem+json", context.Response.ContentType);
            Assert.DoesNotContain("invalid byte sequence", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ControlPlaneFixture.ReadAsync(response);
        Assert.Equal((int)status, (int)problem["status"]!);
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, (string)problem["detail"]!);
        }
    }
}
