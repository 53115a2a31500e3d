extern alias apphost;

using Microsoft.Playwright;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Tests.Infrastructure;

/// <summary>
/// The whole AppHost graph (real servers and services) and the distribution's Chromium driven by Playwright, shared
/// by the browser tests. Screenshots go to <c>Vrsky.Dashboard.Tests/TestResults/screenshots</c> (git-ignored).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string IdpClientId = "dashboard-test-client";
    public const string IdpClientSecret = "dashboard-test-secret-4711";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    private IPlaywright? _playwright;

    public DistributedApplication App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepoPaths.Root, "Vrsky.Dashboard.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with 'sudo apt-get install -y chromium' (scripts/install-deps.sh does).");
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>();
        builder.Configuration["Parameters:idp-client-id"] = IdpClientId;
        builder.Configuration["Parameters:idp-client-secret"] = IdpClientSecret;
        App = await builder.BuildAsync();
        await App.StartAsync();
        // Only what the tests drive is awaited here, so one broken service fails the tests about it rather than all;
        // the resources-page test asserts that every resource is healthy.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        foreach (var name in new[] { "nats", "idp", "tokenworker", "presenceservice" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Args = ChromiumArgs, Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (no cookie) at laptop size.</summary>
    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 820 } });

    /// <summary>A page already logged in through the printed login link.</summary>
    public async Task<IPage> LoggedInPageAsync()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(App.DashboardLoginUrl!.ToString());
        return page;
    }

    public string Url(string path) => new Uri(App.DashboardUrl!, path).ToString();

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = false) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
