using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Dashboard;

/// <summary>
/// The AppHost's web server: the dashboard page and resource API behind a one-time browser token
/// (<c>/login?t=…</c> sets a cookie; API clients send <c>Authorization: Bearer …</c>), and the OTLP/HTTP intake
/// the services export telemetry to, behind its own key.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    internal const string CookieName = "vrsky_dashboard";
    internal const string OtlpApiKeyHeader = "x-otlp-api-key";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string browserToken, string otlpApiKey)
    {
        _app = app;
        BrowserToken = browserToken;
        OtlpApiKey = otlpApiKey;
    }

    public string BrowserToken { get; }

    public string OtlpApiKey { get; }

    public Uri Url { get; private set; } = null!;

    public Uri LoginUrl => new(Url, $"/login?t={BrowserToken}");

    public static async Task<DashboardServer> StartAsync(string url, DistributedApplication application, CancellationToken cancellationToken)
    {
        var browserToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var otlpApiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = OtlpIntake.MaxBodyBytes);
        builder.Services.AddSingleton(application);
        var app = builder.Build();

        var server = new DashboardServer(app, browserToken, otlpApiKey);
        app.MapGet("/login", (string? t, HttpContext http) => server.Login(t, http));
        app.MapGet("/", (HttpContext http) => server.Authorized(http)
            ? Results.Content(ResourcePage.Render(application.ResourceNotifications.Snapshots), "text/html; charset=utf-8")
            : Results.Content(ResourcePage.LoginHint, "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized));
        app.MapGet("/api/resources", async (HttpContext http, CancellationToken ct) => server.Authorized(http)
            ? Results.Json(await ResourceApi.ListAsync(application, ct))
            : Results.Unauthorized());
        OtlpIntake.Map(app, otlpApiKey);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DistributedApplicationException($"The dashboard cannot listen on {url}: {e.Message}. Set Dashboard:Url to another address.", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private IResult Login(string? token, HttpContext http)
    {
        if (!TokenMatches(token))
        {
            return Results.Content(ResourcePage.LoginHint, "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(CookieName, BrowserToken, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        return Results.Redirect("/");
    }

    private bool Authorized(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return TokenMatches(header["Bearer ".Length..].Trim());
        }

        return TokenMatches(http.Request.Cookies[CookieName]);
    }

    private bool TokenMatches(string? candidate) =>
        candidate is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(BrowserToken));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
