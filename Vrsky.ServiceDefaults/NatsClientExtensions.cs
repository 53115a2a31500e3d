using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.Nats;
using Vrsky.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings for a registered NATS client, bound from <c>Vrsky:Nats:Client</c>, then <c>ConnectionStrings:{name}</c>, then the callback.</summary>
public sealed class NatsClientSettings : ClientSettings;

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
        var settings = ClientRegistration.BindSettings(builder, DefaultConfigSectionName, connectionName, configure);
        var opts = NatsOpts.FromConnectionString(settings.ConnectionString!) with { Name = builder.Environment.ApplicationName };
        ClientRegistration.AddClient<INatsConnection>(
            builder, connectionName, serviceKey, settings,
            sp => new NatsConnection(opts with { LoggerFactory = sp.GetRequiredService<ILoggerFactory>() }),
            connection => new NatsHealthCheck(connection));
        return builder;
    }
}
