using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;
using Vrsky.Nats;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>The dashboard in a real browser against the running AppHost, as a person would use it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task LoginLinkOpensTheDashboardAndAWrongTokenIsRefused()
    {
        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(fixture.Url("/traces"));
        Assert.EndsWith("/login", page.Url);
        await Assertions.Expect(page.Locator("input[name=t]")).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "login");

        var wrong = await page.GotoAsync(fixture.Url("/login?t=00000000000000000000000000000000"));
        Assert.Equal((int)HttpStatusCode.Unauthorized, wrong!.Status);
        await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("not this run's dashboard token");
        await page.GotoAsync(fixture.Url("/"));
        Assert.EndsWith("/login", page.Url);

        await page.GotoAsync(fixture.App.DashboardLoginUrl!.ToString());
        Assert.Equal(fixture.Url("/"), page.Url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Resources");
        await context.CloseAsync();
    }

    [Fact]
    public async Task ResourcesPageShowsEveryResourceHealthyWithMaskedSecrets()
    {
        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/?resource=redis"));
        foreach (var resource in fixture.App.Resources.Where(r => r is not ParameterResource))
        {
            await Assertions.Expect(page.Locator($"tr[data-resource='{resource.Name}'] td.health")).ToHaveTextAsync("Healthy", Slow);
        }

        // The picture for people (README) shows every resource healthy, each replica's row, and the secrets still masked.
        foreach (var replica in await page.Locator("tr.replica").AllAsync())
        {
            await Assertions.Expect(replica.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
        }

        await DashboardFixture.ScreenshotAsync(page, "resources", fullPage: true);

        // The connection string carries the password: masked until the person asks for it.
        var connectionString = (await fixture.App.GetConnectionStringAsync("redis"))!;
        var secret = page.Locator("#resource-details .secret").First;
        Assert.DoesNotContain(connectionString, await page.Locator("#resource-details").InnerTextAsync());
        await page.Locator("#resource-details button.reveal").First.ClickAsync();
        await Assertions.Expect(secret).ToHaveTextAsync(connectionString);
        await Assertions.Expect(page.Locator("tr[data-resource='gateway'] a[href^='http://127.0.0.1']")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RestartFromTheResourcesPageStopsTheServiceAndItComesBackHealthy()
    {
        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/?resource=presenceservice"));
        var row = page.Locator("tr[data-resource='presenceservice']");
        await Assertions.Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
        var linesBefore = fixture.App.ResourceLogs.GetLines("presenceservice").Count;

        var seen = new List<string>();
        using var watch = new CancellationTokenSource(Patience);
        var states = Task.Run(async () =>
        {
            await foreach (var s in fixture.App.ResourceNotifications.WatchAsync(watch.Token))
            {
                if (s.Name == "presenceservice")
                {
                    lock (seen)
                    {
                        seen.Add(s.State);
                    }

                    if (s.Restarts == 1 && s.Health == HealthStatus.Healthy)
                    {
                        return;
                    }
                }
            }
        });
        await row.Locator("button[data-command=restart]").ClickAsync();

        // The page follows live (no reload): the restart count goes up and the service is healthy again.
        await Assertions.Expect(row.Locator("td.restarts")).ToHaveTextAsync("1", Slow);
        await Assertions.Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
        await states;
        lock (seen)
        {
            Assert.Contains(KnownResourceStates.Stopping, seen);
            Assert.Contains(KnownResourceStates.Finished, seen);
            Assert.Contains(KnownResourceStates.Starting, seen);
        }

        // A new process started: it logged its start-up again.
        Assert.True(fixture.App.ResourceLogs.GetLines("presenceservice").Count > linesBefore);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StopFromThePageEndsTheProcessAndStartThroughTheApiBringsItBackHealthy()
    {
        // A service no other dashboard test drives, so the restart test's count stays its own.
        const string name = "controlplane";
        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url($"/?resource={name}"));
        var row = page.Locator($"tr[data-resource='{name}']");
        await Assertions.Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
        var pid = ProcessIdOf(name);
        Assert.True(ProcessGroupAlive(pid), $"{name}'s process {pid} is not running");

        await row.Locator("button[data-command=stop]").ClickAsync();
        await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync(KnownResourceStates.Finished, Slow);
        await Eventually.WaitAsync(() => !ProcessGroupAlive(pid), Patience, $"{name}'s process {pid} and its children are gone");
        Assert.True(fixture.App.ResourceNotifications.TryGetSnapshot(name, out var stopped));
        Assert.Equal(KnownResourceStates.Finished, stopped.State);

        var start = await page.Context.APIRequest.PostAsync(fixture.Url($"/api/resources/{name}/commands/start"));
        Assert.Equal((int)HttpStatusCode.Accepted, start.Status);
        await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync(KnownResourceStates.Running, Slow);
        await Assertions.Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Slow);
        var restarted = ProcessIdOf(name);
        Assert.NotEqual(pid, restarted);
        Assert.True(ProcessGroupAlive(restarted));
        await page.Context.CloseAsync();
    }

    private int ProcessIdOf(string resource)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetSnapshot(resource, out var snapshot));
        return Assert.Single(snapshot.ReplicaStates).ProcessId ?? throw new InvalidOperationException($"{resource} has no process");
    }

    /// <summary>
    /// Whether any process of the group <paramref name="pgid"/> is alive (not a zombie); each resource's process leads
    /// its own group, so a stop must leave none of it behind.
    /// </summary>
    private static bool ProcessGroupAlive(int pgid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) == pgid)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return false;
    }

    [Fact]
    public async Task ConsoleLogsTailAServiceAndFilterLines()
    {
        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/console?resource=tokenworker"));
        var console = page.Locator("#console");
        await Assertions.Expect(console).ToContainTextAsync("Listening on 'token.request' in queue group 'token-workers'", new() { Timeout = 30_000 });

        await page.Locator("#console-filter").FillAsync("queue group");
        var visible = console.Locator(".line:visible");
        await Assertions.Expect(visible.First).ToContainTextAsync("queue group");
        Assert.All(await visible.AllInnerTextsAsync(), line => Assert.Contains("queue group", line));
        await page.Locator("#console-filter").FillAsync("");
        await DashboardFixture.ScreenshotAsync(page, "console");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TokenRequestTraceShowsTheWorkerSpanAndItsCallToTheIdentityProvider()
    {
        await using (var nats = new NatsConnection(NatsOpts.FromConnectionString((await fixture.App.GetConnectionStringAsync("nats"))!)))
        {
            var request = new JsonObject { ["request_id"] = "trace-me", ["client_id"] = DashboardFixture.IdpClientId, ["client_secret"] = DashboardFixture.IdpClientSecret, ["scope"] = "tokens:read" };
            var reply = await nats.RequestAsync<byte[], byte[]>("token.request", Encoding.UTF8.GetBytes(request.ToJsonString()));
            Assert.Contains("access_token", Encoding.UTF8.GetString(reply.Data!));
        }

        var page = await fixture.LoggedInPageAsync();
        var link = page.Locator("#traces a", new() { HasTextString = "tokenworker: token.request" }).First;
        await Eventually.WaitAsync(async () =>
        {
            await page.GotoAsync(fixture.Url("/traces?resource=tokenworker&q=token.request"));
            return await link.CountAsync() > 0;
        }, Patience, "the token.request trace reaches the dashboard");
        // The list as a person first sees it: every resource's newest traces.
        await page.GotoAsync(fixture.Url("/traces"));
        await Assertions.Expect(page.Locator("#traces a[href^='/traces/']")).Not.ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "traces-list");
        await page.GotoAsync(fixture.Url("/traces?resource=tokenworker&q=token.request"));

        // The worker's span and, below it, its HTTP call to the IdP (another process, found through the propagated context).
        await link.ClickAsync();
        var spans = page.Locator(".waterfall details.span");
        await Assertions.Expect(spans.First).ToContainTextAsync("token.request");
        await Assertions.Expect(spans.Filter(new() { HasTextString = "POST" })).ToHaveCountAsync(1);
        var idpCall = spans.Filter(new() { HasTextString = "POST" });
        await idpCall.Locator("summary").ClickAsync();
        await Assertions.Expect(idpCall.Locator("table.attributes")).ToContainTextAsync(fixture.App.GetEndpoint("idp").Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(DashboardFixture.IdpClientSecret, await page.ContentAsync());
        await DashboardFixture.ScreenshotAsync(page, "trace-detail");

        await page.Locator("a", new() { HasTextString = "Logs of this trace" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Structured logs");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StructuredLogsPageFiltersByResourceAndLevel()
    {
        var page = await fixture.LoggedInPageAsync();
        var rows = page.Locator("#structuredlogs table.logs > tbody > tr");
        await Eventually.WaitAsync(async () =>
        {
            await page.GotoAsync(fixture.Url("/structuredlogs?resource=tokenworker&level=9"));
            return await rows.Filter(new() { HasTextString = "Listening on 'token.request'" }).CountAsync() > 0;
        }, Patience, "the worker's start-up log record reaches the dashboard");

        Assert.All(await rows.Locator("> td:nth-child(2)").AllInnerTextsAsync(), r => Assert.StartsWith("tokenworker", r));
        Assert.All(await rows.Locator("> td:nth-child(3)").AllInnerTextsAsync(), l => Assert.Contains(l, new[] { "Information", "Warning", "Error", "Critical" }));
        await DashboardFixture.ScreenshotAsync(page, "structured-logs");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MetricsPageShowsTheGatewaysRequestDuration()
    {
        using (var gateway = fixture.App.CreateHttpClient("gateway"))
        {
            for (var i = 0; i < 20; i++)
            {
                (await gateway.GetAsync("/alive")).EnsureSuccessStatusCode();
            }
        }

        var page = await fixture.LoggedInPageAsync();
        var card = page.Locator("section.card[data-instrument='http.server.request.duration']");
        await Eventually.WaitAsync(async () =>
        {
            await page.GotoAsync(fixture.Url("/metrics?resource=gateway"));
            return await card.CountAsync() == 1 && (await card.Locator(".latest").InnerTextAsync()).Contains("p99");
        }, Patience, "the gateway's request duration histogram is charted");

        await Assertions.Expect(card).ToContainTextAsync("Histogram");
        await Assertions.Expect(card).ToContainTextAsync("unit s");
        await Assertions.Expect(card.Locator("polyline")).Not.ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "metrics");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GraphShowsReferencesAndWaits()
    {
        var page = await fixture.LoggedInPageAsync();
        await page.GotoAsync(fixture.Url("/graph"));
        await Assertions.Expect(page.Locator("svg.graph g.node")).ToHaveCountAsync(fixture.App.Resources.Count);
        await Assertions.Expect(page.Locator("svg.graph path.edge.wait")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("svg.graph path.edge.reference")).Not.ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "graph");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OtlpIntakeRefusesExportsWithoutTheApiKey()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.DashboardUrl };
        foreach (var signal in new[] { "traces", "logs", "metrics" })
        {
            using var content = new ByteArrayContent([]);
            content.Headers.ContentType = new("application/x-protobuf");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/v1/{signal}", content)).StatusCode);

            using var wrongKey = new HttpRequestMessage(HttpMethod.Post, $"/v1/{signal}") { Content = new ByteArrayContent([]) };
            wrongKey.Headers.Add("x-otlp-api-key", "not-the-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrongKey)).StatusCode);
        }
    }
}
