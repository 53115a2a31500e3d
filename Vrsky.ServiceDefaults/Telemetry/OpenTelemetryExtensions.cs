using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Vrsky.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The hosting and
/// instrumentation packages are not available, so providers are built with the SDK directly; ASP.NET Core and
/// HttpClient emit their activities and meters natively.
/// </summary>
internal static class OpenTelemetryExtensions
{
    /// <summary>
    /// Built-in sources: ASP.NET Core and HttpClient, Npgsql (PostgreSQL commands), RabbitMQ.Client's publish span
    /// (it writes <c>traceparent</c> into the message headers), and every Vrsky service's own (<c>Vrsky.*</c>).
    /// RabbitMQ.Client's subscriber source is left out on purpose: its deliver span starts a new trace that only
    /// links to the publisher, and the consumers start a child span of their own (<see cref="MessagingActivities"/>).
    /// </summary>
    public static readonly string[] ActivitySources =
        ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", RabbitMQ.Client.RabbitMQActivitySource.PublisherSourceName, "Vrsky.*"];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "System.Net.Http", "System.Runtime", "Npgsql", "Vrsky.*",
    ];

    public static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var settings = OtlpSettings.From(builder.Configuration);
        if (settings is null)
        {
            return;
        }

        // The instance id comes from OTEL_RESOURCE_ATTRIBUTES (the AppHost sets service.instance.id=<name>-<replica>);
        // a generated one would hide which replica sent what.
        var resource = ResourceBuilder.CreateDefault().AddService(
            builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName, autoGenerateServiceInstanceId: false);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter(o => settings.Apply(o, "logs"));
        });

        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ActivitySources)
            .AddProcessor(new HealthProbeTraceFilter())
            .AddProcessor(new UrlSecretRedactor())
            .AddOtlpExporter(o => settings.Apply(o, "traces"))
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meters)
            .AddOtlpExporter(o => settings.Apply(o, "metrics"))
            .Build());
        builder.Services.AddHostedService<TelemetryProviderActivator>();
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, HttpServerTraceEnricher>();
    }
}

/// <summary>
/// The standard OTEL_EXPORTER_OTLP_* settings, read from configuration (so environment variables and tests'
/// in-memory settings both work) rather than only from the process environment as the exporter would.
/// </summary>
internal sealed record OtlpSettings(Uri Endpoint, string? Headers)
{
    public static OtlpSettings? From(IConfiguration configuration) =>
        Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var endpoint)
            ? new OtlpSettings(endpoint, configuration["OTEL_EXPORTER_OTLP_HEADERS"])
            : null;

    /// <summary>HTTP/protobuf to <c>{endpoint}/v1/{signal}</c>: an endpoint set in code is used as given, so the path is added here.</summary>
    public void Apply(OtlpExporterOptions options, string signal)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri(Endpoint.ToString().TrimEnd('/') + "/v1/" + signal);
        if (Headers is not null)
        {
            options.Headers = Headers;
        }
    }
}

/// <summary>Creates the providers at start (they are singletons nobody asks for) and disposes them, flushing, at stop.</summary>
internal sealed class TelemetryProviderActivator(TracerProvider tracer, MeterProvider meter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tracer.ForceFlush(2000);
        meter.ForceFlush(2000);
        return Task.CompletedTask;
    }
}

/// <summary>Probes hit /health and /alive every few seconds; their spans would drown the real traffic.</summary>
internal sealed class HealthProbeTraceFilter : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        if (activity.GetTagItem("url.path") is string path &&
            (path.StartsWith(Microsoft.Extensions.Hosting.Extensions.HealthPath, StringComparison.Ordinal) ||
             path.StartsWith(Microsoft.Extensions.Hosting.Extensions.AlivePath, StringComparison.Ordinal)))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
