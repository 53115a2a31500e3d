using Microsoft.Playwright;
using Vrsky.Hosting.Testing;
using Vrsky.Dashboard.Tests.Infrastructure;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard works without internet (issue 8, item 8): every request a page makes, including its style sheet,
/// script, fonts and live updates, goes to the AppHost itself; and the console shows every kept line.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class OfflinePagesTests(DashboardFixture fixture)
{
    [Fact]
    public async Task EveryPageRequestsOnlyTheDashboardsOwnOrigin()
    {
        var context = await fixture.NewContextAsync();
        var requested = new List<string>();
        context.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };
        var page = await context.NewPageAsync();
        await VisitAsync(page, fixture.Url("/login"));
        await page.GotoAsync(fixture.App.DashboardLoginUrl!.ToString());

        string[] pages = ["/", "/graph", "/console?resource=tokenworker", "/structuredlogs", "/traces", "/metrics?resource=tokenworker"];
        foreach (var path in pages)
        {
            await VisitAsync(page, fixture.Url(path));
        }

        // A trace's waterfall: any request to the gateway outside its health probes exports a span.
        using (var gateway = fixture.App.CreateHttpClient("gateway"))
        {
            await gateway.GetAsync("/offline-pages-test");
        }

        var trace = page.Locator("#traces a[href^='/traces/']").First;
        await Eventually.WaitAsync(async () =>
        {
            await page.GotoAsync(fixture.Url("/traces?resource=gateway"));
            return await trace.CountAsync() > 0;
        }, TimeSpan.FromSeconds(60), "a gateway trace reaches the dashboard");
        await VisitAsync(page, fixture.Url((await trace.GetAttributeAsync("href"))!));
        await Assertions.Expect(page.Locator(".waterfall details.span").First).ToBeVisibleAsync();

        var origin = fixture.App.DashboardUrl!.GetLeftPart(UriPartial.Authority);
        lock (requested)
        {
            // Every page loaded at least its own document, style sheet and script, so the list cannot be vacuously empty.
            Assert.True(requested.Count >= 3 * pages.Length, $"only {requested.Count} requests were seen");
            Assert.All(requested, url => Assert.StartsWith(origin + "/", url));
        }

        await context.CloseAsync();
    }

    [Fact]
    public async Task ConsoleShowsEveryKeptLineOfAResource()
    {
        // The kept lines go to the page in batches (many lines per server-sent event): none may be lost on the way.
        var kept = fixture.App.ResourceLogs.GetLines("tokenworker").Count;
        Assert.True(kept > 0, "the token worker printed nothing");

        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/console?resource=tokenworker"));
        var lines = page.Locator("#console .line");
        await Eventually.WaitAsync(async () => await lines.CountAsync() >= kept, TimeSpan.FromSeconds(30), $"the console shows the {kept} kept lines");
        await Assertions.Expect(page.Locator("#console-count")).ToContainTextAsync(" lines");
        await page.Context.CloseAsync();
    }

    /// <summary>Loaded, with its fonts: a web font from a CDN would be requested by then.</summary>
    private static async Task VisitAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
    }
}
