using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Vrsky.Redis;
using Vrsky.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings for a registered Redis client, bound from <c>Vrsky:Redis:Client</c>, then <c>ConnectionStrings:{name}</c>, then the callback.</summary>
public sealed class RedisClientSettings
{
    /// <summary><c>host:port,password=X[,user=Y][,ssl=false]</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }
}

/// <summary>Registers a shared <see cref="IRedisConnection"/> from configuration, with a PING health check.</summary>
public static class RedisClientExtensions
{
    private const string DefaultConfigSectionName = "Vrsky:Redis:Client";

    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName, Action<RedisClientSettings>? configure = null) =>
        AddRedisClient(builder, connectionName, serviceKey: null, configure);

    public static IHostApplicationBuilder AddKeyedRedisClient(this IHostApplicationBuilder builder, string name, Action<RedisClientSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return AddRedisClient(builder, name, serviceKey: name, configure);
    }

    private static IHostApplicationBuilder AddRedisClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<RedisClientSettings>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new RedisClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}").Bind(settings);
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

        // Client names may not contain spaces; CLIENT LIST then shows which service a connection belongs to.
        var opts = RedisOpts.FromConnectionString(settings.ConnectionString) with
        {
            ClientName = builder.Environment.ApplicationName.Replace(' ', '-'),
        };
        IRedisConnection Create(IServiceProvider sp) =>
            new RedisConnection(opts with { LoggerFactory = sp.GetRequiredService<ILoggerFactory>() });

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
                serviceKey is null ? connectionName : $"{connectionName}_{serviceKey}",
                sp => new RedisHealthCheck(serviceKey is null
                    ? sp.GetRequiredService<IRedisConnection>()
                    : sp.GetRequiredKeyedService<IRedisConnection>(serviceKey)),
                HealthStatus.Unhealthy,
                ["ready"],
                TimeSpan.FromSeconds(5)));
        }

        return builder;
    }
}
