using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.Tenants;

/// <summary>Lists come a page at a time: <c>limit</c> items, the next page linked from a <c>Link: rel="next"</c> header.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed partial class PagingTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task TenantsArePagedBySlugUntilTheLastPage()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await fixture.CreateTenantAsync("page")).Slug);
        }

        using var admin = fixture.Client();
        var pages = await WalkAsync(admin, "/api/v1/tenants?limit=2");

        Assert.All(pages, p => Assert.InRange(p.Count, 1, 2));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Count));
        var slugs = pages.SelectMany(p => p).Select(t => (string)t!["slug"]!).ToList();
        Assert.Equal(slugs.Order(StringComparer.Ordinal), slugs);
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        Assert.Subset(slugs.ToHashSet(), created.ToHashSet());
        // The default page is 100.
        var all = (await ControlPlaneFixture.ReadAsync(await admin.GetAsync("/api/v1/tenants"))).AsArray();
        Assert.Equal(Math.Min(100, slugs.Count), all.Count);
    }

    [Fact]
    public async Task IntegrationsArePagedInCreationOrder()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("intpage");
        using var client = fixture.Client(key);
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/tenants/{tenantId}/integrations", new { name = $"i{i}" })).StatusCode);
        }

        var pages = await WalkAsync(client, $"/api/v1/tenants/{tenantId}/integrations?limit=2");

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(["i1", "i2", "i3", "i4", "i5"], pages.SelectMany(p => p).Select(i => (string)i!["name"]!));
    }

    [Fact]
    public async Task DeadLettersArePagedWithAnOpaqueCursor()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("dlqpage");
        await using (var nats = fixture.PlatformNats())
        {
            var store = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.DeadLetterQueue);
            for (var i = 1; i <= 5; i++)
            {
                var message = new PlatformMessage($"dead-{i}", tenantId, Guid.NewGuid(), "orders.in", [1]);
                await store.PutAsync(message.Key, new DeadLetter(message, 4, "refused", DateTimeOffset.UtcNow));
            }
        }

        using var client = fixture.Client(key);
        var pages = await WalkAsync(client, $"/api/v1/tenants/{tenantId}/dead-letters?limit=2");

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(["dead-1", "dead-2", "dead-3", "dead-4", "dead-5"], pages.SelectMany(p => p).Select(l => (string)l!["message"]!["id"]!));
    }

    [Fact]
    public async Task AuditIsPagedNewestFirst()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("auditpage");
        var audit = fixture.App.Services.GetRequiredService<AuditLog>();
        for (var i = 1; i <= 5; i++)
        {
            await audit.WriteAsync(new AuditEntry(tenantId, null, "test", $"test.{i}", "paging", new { }), CancellationToken.None);
        }

        using var client = fixture.Client(key);
        var pages = await WalkAsync(client, $"/api/v1/tenants/{tenantId}/audit?limit=2");

        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Count));
        Assert.InRange(pages[^1].Count, 1, 2);
        var records = pages.SelectMany(p => p).ToList();
        var ids = records.Select(r => (long)r!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["test.5", "test.4", "test.3", "test.2", "test.1"],
            records.Select(r => (string)r!["action"]!).Where(a => a.StartsWith("test.", StringComparison.Ordinal)));
        // Everything the tenant has, as one default page shows it.
        Assert.Equal(ids, (await ControlPlaneFixture.ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/audit"))).AsArray().Select(r => (long)r!["id"]!));
    }

    [Theory]
    [InlineData("/api/v1/tenants/{0}/audit?limit=0")]
    [InlineData("/api/v1/tenants/{0}/audit?limit=501")]
    [InlineData("/api/v1/tenants/{0}/audit?after=newest")]
    [InlineData("/api/v1/tenants?limit=0")]
    [InlineData("/api/v1/tenants?limit=501")]
    [InlineData("/api/v1/tenants?limit=lots")]
    [InlineData("/api/v1/tenants?after=Not_A_Slug")]
    [InlineData("/api/v1/tenants/{0}/integrations?limit=0")]
    [InlineData("/api/v1/tenants/{0}/integrations?limit=501")]
    [InlineData("/api/v1/tenants/{0}/integrations?after=not-an-id")]
    [InlineData("/api/v1/tenants/{0}/dead-letters?limit=0")]
    [InlineData("/api/v1/tenants/{0}/dead-letters?limit=501")]
    [InlineData("/api/v1/tenants/{0}/dead-letters?after=-1")]
    public async Task LimitOutsideOneToFiveHundredOrABadCursorIsRefused(string url)
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync("badpage");
        using var admin = fixture.Client();
        var response = await admin.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, tenantId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Follows the next links from <paramref name="first"/>; every page but the last has one.</summary>
    private static async Task<List<JsonArray>> WalkAsync(HttpClient client, string first)
    {
        var pages = new List<JsonArray>();
        for (string? url = first; url is not null;)
        {
            Assert.True(pages.Count < 1000, "the next links never end");
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await ControlPlaneFixture.ReadAsync(response)).AsArray());
            url = response.Headers.TryGetValues("Link", out var links) ? NextLink().Match(Assert.Single(links)).Groups[1].Value : null;
        }

        return pages;
    }

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();
}
