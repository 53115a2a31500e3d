using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrsky.ServiceDefaults.Metrics;
using Vrsky.ServiceDefaults;
using Vrsky.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Vrsky service shares: telemetry, health endpoints and metrics.</summary>
public static class Extensions
{
    internal const string LiveTag = "live";
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string MetricsPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();
        builder.Services.AddHttpClient();
        return builder;
    }

    /// <summary>Defaults for services without an HTTP API of their own (workers still serve health and metrics).</summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Started with the host so measurements taken before the first scrape are counted.
        builder.Services.AddSingleton<PrometheusMetricsCollector>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PrometheusMetricsCollector>());
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (ready: every check), <c>/alive</c> (live: the process answers) and <c>/metrics</c> (Prometheus
    /// text), in every environment because Kubernetes probes and scrapers use them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapGet(MetricsPath, (PrometheusMetricsCollector collector) =>
            Results.Text(collector.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
