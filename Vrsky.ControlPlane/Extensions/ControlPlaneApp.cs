using System.Text.Json;
using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Autoscaling;
using Vrsky.ControlPlane.DeadLetters;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Instances;
using Vrsky.ControlPlane.Integrations;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Extensions;

/// <summary>Builds the control plane as Program runs it; tests build the same app in-process with their own settings.</summary>
public static class ControlPlaneApp
{
    /// <summary>Request bodies are small JSON documents; anything larger is refused before it is read.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    private const string ApiPrefix = "/api/v1";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        configure?.Invoke(builder);

        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        builder.AddNpgsqlDataSource("controlplanedb");
        builder.AddControlPlaneServices();

        var app = builder.Build();
        // Unhandled errors, unreadable bodies and unmatched routes answer problem+json like the API's own errors.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.UseApiKeys(ApiPrefix);
        var api = app.MapGroup(ApiPrefix);
        api.MapTenantsApi();
        api.MapIntegrationsApi();
        api.MapInstancesApi();
        api.MapDeadLettersApi();
        api.MapAuditApi();
        return app;
    }

    private static void AddControlPlaneServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<InvalidTextHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<AccessOptions>().Bind(builder.Configuration.GetSection(AccessOptions.Section));
        services.AddOptions<ProvisionerOptions>().Bind(builder.Configuration.GetSection(ProvisionerOptions.Section))
            .Validate(o => o.Validate() is null, "invalid ControlPlane:Provisioner settings").ValidateOnStart();
        services.AddOptions<AutoscalerOptions>().Bind(builder.Configuration.GetSection(AutoscalerOptions.Section))
            .Validate(o => o.Validate() is null, "invalid ControlPlane:Autoscaler settings").ValidateOnStart();
        services.AddOptions<PlatformOptions>().Bind(builder.Configuration.GetSection(PlatformOptions.Section))
            .Validate(o => o.Validate() is null, "invalid ControlPlane:Platform settings").ValidateOnStart();

        // Hosted services start in this order: schema first, then the platform buckets, then instances and jobs.
        services.AddHostedService<MigrationRunner>();
        services.AddPlatformServices();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<IntegrationStore>();
        services.AddInstanceServices(builder.Configuration);
        services.AddAutoscaler();
    }
}
