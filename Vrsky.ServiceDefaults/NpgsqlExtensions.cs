using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers an <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{name}</c>, with a health check.</summary>
public static class NpgsqlExtensions
{
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = ConnectionStrings.Require(builder, connectionName);
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not a valid PostgreSQL connection string: {e.Message}", e);
        }

        builder.Services.AddSingleton(dataSource);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, _ => new Vrsky.ServiceDefaults.HealthChecks.NpgsqlHealthCheck(dataSource), HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(5)));
        return builder;
    }
}

/// <summary>Reads connection strings the AppHost injects as <c>ConnectionStrings__{name}</c>.</summary>
internal static class ConnectionStrings
{
    public static string Require(IHostApplicationBuilder builder, string name) =>
        builder.Configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Connection string '{name}' is missing: set ConnectionStrings:{name} (environment ConnectionStrings__{name}), as the AppHost does.");
}
