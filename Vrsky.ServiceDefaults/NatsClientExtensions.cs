using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Vrsky.Nats;
using Vrsky.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings for a registered NATS client, bound from <c>Vrsky:Nats:Client</c>, then <c>ConnectionStrings:{name}</c>, then the callback.</summary>
public sealed class NatsClientSettings
{
    /// <summary><c>nats://user:pass@host:port[,host:port]</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }
}

/// <summary>Registers a shared <see cref="INatsConnection"/> from configuration, with a health check.</summary>
public static class NatsClientExtensions
{
    private const string DefaultConfigSectionName = "Vrsky:Nats:Client";

    public static IHostApplicationBuilder AddNatsClient(this IHostApplicationBuilder builder, string connectionName, Action<NatsClientSettings>? configure = null) =>
        AddNatsClient(builder, connectionName, serviceKey: null, configure);

    public static IHostApplicationBuilder AddKeyedNatsClient(this IHostApplicationBuilder builder, string name, Action<NatsClientSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return AddNatsClient(builder, name, serviceKey: name, configure);
    }

    private static IHostApplicationBuilder AddNatsClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<NatsClientSettings>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new NatsClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configure?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings:{connectionName} (environment ConnectionStrings__{connectionName}) or {DefaultConfigSectionName}:ConnectionString.");
        }

        var opts = NatsOpts.FromConnectionString(settings.ConnectionString) with { Name = builder.Environment.ApplicationName };
        INatsConnection Create(IServiceProvider sp) =>
            new NatsConnection(opts with { LoggerFactory = sp.GetRequiredService<ILoggerFactory>() });

        if (serviceKey is null)
        {
            builder.Services.TryAddSingleton(Create);
        }
        else
        {
            builder.Services.TryAddKeyedSingleton(serviceKey, (sp, _) => Create(sp));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                serviceKey is null ? "nats" : $"nats_{serviceKey}",
                sp => new NatsHealthCheck(serviceKey is null
                    ? sp.GetRequiredService<INatsConnection>()
                    : sp.GetRequiredKeyedService<INatsConnection>(serviceKey)),
                HealthStatus.Unhealthy,
                ["ready"],
                TimeSpan.FromSeconds(5)));
        }

        return builder;
    }
}
