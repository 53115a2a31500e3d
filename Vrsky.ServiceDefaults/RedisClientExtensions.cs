using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.Redis;
using Vrsky.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings for a registered Redis client, bound from <c>Vrsky:Redis:Client</c>, then <c>ConnectionStrings:{name}</c>, then the callback.</summary>
public sealed class RedisClientSettings : ClientSettings;

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
        var settings = ClientRegistration.BindSettings(builder, DefaultConfigSectionName, connectionName, configure);
        // Client names may not contain spaces; CLIENT LIST then shows which service a connection belongs to.
        var opts = RedisOpts.FromConnectionString(settings.ConnectionString!) with
        {
            ClientName = builder.Environment.ApplicationName.Replace(' ', '-'),
        };
        ClientRegistration.AddClient<IRedisConnection>(
            builder, connectionName, serviceKey, settings,
            sp => new RedisConnection(opts with { LoggerFactory = sp.GetRequiredService<ILoggerFactory>() }),
            connection => new RedisHealthCheck(connection));
        return builder;
    }
}
