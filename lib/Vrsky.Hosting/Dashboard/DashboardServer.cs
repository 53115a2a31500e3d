using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.Hosting.Dashboard.Auth;
using Vrsky.Hosting.Dashboard.Console;
using Vrsky.Hosting.Dashboard.Metrics;
using Vrsky.Hosting.Dashboard.Otlp;
using Vrsky.Hosting.Dashboard.Resources;
using Vrsky.Hosting.Dashboard.StructuredLogs;
using Vrsky.Hosting.Dashboard.Telemetry;
using Vrsky.Hosting.Dashboard.Shared;
using Vrsky.Hosting.Dashboard.Traces;

namespace Vrsky.Hosting.Dashboard;

/// <summary>Where the dashboard listens and, for scripted use, fixed tokens instead of random ones per run.</summary>
internal sealed record DashboardOptions(string Url, string? BrowserToken = null, string? OtlpApiKey = null);

/// <summary>
/// The AppHost's web server: the dashboard pages and resource API behind the browser token (<see cref="DashboardAuth"/>),
/// and the OTLP/HTTP intake the services export telemetry to, behind its own key.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    internal const string OtlpApiKeyHeader = "x-otlp-api-key";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string browserToken, string otlpApiKey, TelemetryStore telemetry)
    {
        _app = app;
        BrowserToken = browserToken;
        OtlpApiKey = otlpApiKey;
        Telemetry = telemetry;
    }

    public string BrowserToken { get; }

    public string OtlpApiKey { get; }

    public TelemetryStore Telemetry { get; }

    public Uri Url { get; private set; } = null!;

    public Uri LoginUrl => new(Url, $"/login?t={Uri.EscapeDataString(BrowserToken)}");

    public static async Task<DashboardServer> StartAsync(DashboardOptions options, DistributedApplication application, CancellationToken cancellationToken)
    {
        var browserToken = Token(options.BrowserToken, "Dashboard:BrowserToken");
        var otlpApiKey = Token(options.OtlpApiKey, "Dashboard:OtlpApiKey");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = OtlpIntake.MaxBodyBytes);
        var app = builder.Build();

        var telemetry = new TelemetryStore(TelemetryLimits.Default);
        var server = new DashboardServer(app, browserToken, otlpApiKey, telemetry);
        new DashboardAuth(browserToken).Map(app);
        DashboardAssets.Map(app);
        OtlpIntake.Map(app, otlpApiKey, telemetry);
        ResourceApi.Map(app, application);
        ResourcesPage.Map(app, application);
        GraphPage.Map(app, application);
        ConsolePage.Map(app, application);
        StructuredLogsPage.Map(app, telemetry);
        TracesPage.Map(app, telemetry);
        MetricsPage.Map(app, telemetry, TimeProvider.System);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DistributedApplicationException($"The dashboard cannot listen on {options.Url}: {e.Message}. Set Dashboard:Url to another address.", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A configured token is used as given (scripts); otherwise a random one per run.</summary>
    private static string Token(string? configured, string setting)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        return configured.Length is >= 16 and <= DashboardAuth.MaxTokenLength && configured.All(char.IsAsciiLetterOrDigit)
            ? configured
            : throw new DistributedApplicationException($"{setting} must be 16 to {DashboardAuth.MaxTokenLength} ASCII letters or digits.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
