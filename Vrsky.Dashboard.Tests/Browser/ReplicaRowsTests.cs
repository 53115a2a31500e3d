using System.Text.Json;
using Microsoft.Playwright;
using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>The resources page and API list each replica of the gateway (two processes behind one port) by itself.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ReplicaRowsTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task ResourcesPageShowsEachGatewayReplicaWithItsOwnStateAndConsole()
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", deadline.Token);
        }

        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/"));
        var replicas = page.Locator("tr.replica[data-replica-of='gateway']");
        await Assertions.Expect(replicas).ToHaveCountAsync(2);
        var pids = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            var row = page.Locator($"tr.replica[data-replica='gateway-{i}']");
            await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync(KnownResourceStates.Running, Slow);
            await Assertions.Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
            await Assertions.Expect(row.Locator("a[href^='http://127.0.0.1']")).ToHaveCountAsync(1);
            await Assertions.Expect(row.Locator($"a[href='/console?resource=gateway&replica={i}']")).ToHaveCountAsync(1);
            pids.Add(await row.Locator("td.pid").InnerTextAsync());
        }

        Assert.Equal(2, pids.Count);
        // A single-replica project gets no replica rows.
        await Assertions.Expect(page.Locator("tr.replica[data-replica-of='chatservice']")).ToHaveCountAsync(0);
        await page.Locator("tr[data-resource='gateway']").ScrollIntoViewIfNeededAsync();
        await DashboardFixture.ScreenshotAsync(page, "resources-replicas");

        // The API keeps its fields and adds the replicas.
        var response = await page.Context.APIRequest.GetAsync(fixture.Url("/api/resources"));
        var gateway = (await response.JsonAsync())!.Value.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "gateway");
        Assert.Equal(2, gateway.GetProperty("replicas").GetInt32());
        var states = gateway.GetProperty("replicaStates").EnumerateArray().ToList();
        Assert.Equal(["gateway-0", "gateway-1"], states.Select(s => s.GetProperty("name").GetString()));
        Assert.All(states, s => Assert.Equal(JsonValueKind.Number, s.GetProperty("pid").ValueKind));

        // Each replica's console shows only its own lines.
        await page.GotoAsync(fixture.Url("/console?resource=gateway&replica=1"));
        await Assertions.Expect(page.Locator("#console .line").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        Assert.All(await page.Locator("#console .line .replica").AllInnerTextsAsync(), r => Assert.Equal("[1]", r));
        await page.Context.CloseAsync();
    }
}
