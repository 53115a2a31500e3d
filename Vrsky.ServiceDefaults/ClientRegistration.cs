using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every client registration's settings have.</summary>
public abstract class ClientSettings
{
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }
}

/// <summary>
/// The one recipe behind <c>Add…Client</c> (as Aspire's client integrations follow one): settings from the client's
/// configuration section, its named subsection, <c>ConnectionStrings:{name}</c>, then the caller's callback; then one
/// shared client, keyed or not, with a health check named after the connection.
/// </summary>
internal static class ClientRegistration
{
    public static TSettings BindSettings<TSettings>(IHostApplicationBuilder builder, string sectionName, string connectionName, Action<TSettings>? configure)
        where TSettings : ClientSettings, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new TSettings();
        builder.Configuration.GetSection(sectionName).Bind(settings);
        builder.Configuration.GetSection($"{sectionName}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configure?.Invoke(settings);
        return string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings:{connectionName} (environment ConnectionStrings__{connectionName}) or {sectionName}:ConnectionString.")
            : settings;
    }

    public static void AddClient<TClient>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        ClientSettings settings,
        Func<IServiceProvider, TClient> create,
        Func<TClient, IHealthCheck> healthCheck)
        where TClient : class
    {
        if (serviceKey is null)
        {
            builder.Services.TryAddSingleton(create);
        }
        else
        {
            builder.Services.TryAddKeyedSingleton(serviceKey, (sp, _) => create(sp));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                serviceKey is null ? connectionName : $"{connectionName}_{serviceKey}",
                sp => healthCheck(serviceKey is null ? sp.GetRequiredService<TClient>() : sp.GetRequiredKeyedService<TClient>(serviceKey)),
                HealthStatus.Unhealthy,
                ["ready"],
                TimeSpan.FromSeconds(5)));
        }
    }
}
