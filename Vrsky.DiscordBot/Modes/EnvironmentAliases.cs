using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Maps the seed's variables onto the Aspire-style settings the shared client registrations read: NATS_URL →
/// ConnectionStrings:nats, DATABASE_URL (postgres:// URL or key=value string) → ConnectionStrings:frolf, LOG_LEVEL →
/// Logging:LogLevel:Default. Connection strings the AppHost injects win. NATS falls back to the seed's default;
/// a database has none, so a worker without one is a configuration error naming DATABASE_URL.
/// </summary>
public static class EnvironmentAliases
{
    /// <summary>The seed's documented default when neither NATS_URL nor a connection string is set.</summary>
    public const string DefaultNatsUrl = "nats://localhost:4222";

    public static void Apply(IConfigurationManager configuration)
    {
        var values = new Dictionary<string, string?>();
        if (configuration.GetConnectionString("nats") is not { Length: > 0 })
        {
            values["ConnectionStrings:nats"] = configuration["NATS_URL"] is { Length: > 0 } nats ? nats : DefaultNatsUrl;
        }

        if (configuration["DATABASE_URL"] is { Length: > 0 } database && configuration.GetConnectionString("frolf") is null)
        {
            values["ConnectionStrings:frolf"] = ToNpgsql(database);
        }

        if (configuration["LOG_LEVEL"] is { Length: > 0 } level)
        {
            values["Logging:LogLevel:Default"] = level.ToLowerInvariant() switch
            {
                "debug" => "Debug",
                "info" or "information" => "Information",
                "warn" or "warning" => "Warning",
                "error" => "Error",
                _ => throw new BotConfigurationException($"LOG_LEVEL '{level}' is not one of debug, info, warn, error."),
            };
        }

        configuration.AddInMemoryCollection(values);
    }

    /// <summary>postgres://user:pass@host:port/db?sslmode=disable as an Npgsql connection string.</summary>
    public static string ToNpgsql(string url)
    {
        if (!url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.AbsolutePath.Length <= 1)
        {
            throw new BotConfigurationException("DATABASE_URL must look like postgres://user:password@host:5432/database.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        var sslMode = System.Web.HttpUtility.ParseQueryString(uri.Query)["sslmode"];
        if (sslMode is not null && Enum.TryParse<SslMode>(sslMode.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode))
        {
            builder.SslMode = mode;
        }

        return builder.ConnectionString;
    }
}
