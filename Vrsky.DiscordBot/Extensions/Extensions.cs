using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrsky.Discord;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Rounds;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Extensions;

public static class Extensions
{
    public const string ReadyPath = "/ready";
    private const string ReadyTag = "ready";

    /// <summary>Registers the halves BOT_MODE asks for: the Discord gateway, the JetStream workers, or both.</summary>
    public static BotOptions AddDiscordBotServices(this WebApplicationBuilder builder)
    {
        EnvironmentAliases.Apply(builder.Configuration);
        var options = BotOptions.From(builder.Configuration);
        if (builder.Configuration["ASPNETCORE_URLS"] is null && builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls(MetricsUrl(builder.Configuration["METRICS_ADDRESS"] ?? ":8080"));
        }

        ValidateConnections(builder.Configuration, options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new BotSubjects(options.Environment));
        builder.Services.AddSingleton<ApplicationIdentity>();
        builder.Services.AddSingleton<FatalExit>();
        builder.AddNatsClient("nats");
        builder.Services.AddSingleton<EventBus>();

        if (options.RunsGateway)
        {
            builder.Services.AddDiscordClients(options);
            builder.Services.AddSingleton<InteractionAcknowledger>();
            builder.Services.AddSingleton<CompletedActions>();
            builder.Services.AddSingleton<ResponseExecutor>();
            builder.Services.AddHostedService<GatewayService>();
            builder.Services.AddHealthChecks().AddCheck<DiscordSessionHealthCheck>("discord", tags: [ReadyTag]);
        }

        if (options.RunsWorker)
        {
            builder.AddNpgsqlDataSource("frolf");
            builder.Services.AddSingleton<WorkerReadiness>();
            builder.Services.AddSingleton<EventProcessor>();
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddHostedService<WorkerService>();
            builder.Services.AddHostedService<RoundScheduler>();
            builder.Services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker", tags: [ReadyTag]);
        }

        return options;
    }

    /// <summary>
    /// NATS_URL and DATABASE_URL checked before the client registrations read them, so a missing or malformed one is a
    /// configuration error naming the seed's variable (the registrations would throw about ConnectionStrings). The
    /// messages leave the values out: they may hold passwords.
    /// </summary>
    private static void ValidateConnections(IConfiguration configuration, BotOptions options)
    {
        try
        {
            Vrsky.Nats.NatsOpts.FromConnectionString(configuration.GetConnectionString("nats")!);
        }
        catch (ArgumentException)
        {
            throw new BotConfigurationException("NATS_URL must be nats://host:port (or tls://), comma-separated for several servers.");
        }

        if (!options.RunsWorker)
        {
            return;
        }

        if (configuration.GetConnectionString("frolf") is not { Length: > 0 } database)
        {
            throw new BotConfigurationException($"DATABASE_URL is required in {options.Mode.ToString().ToLowerInvariant()} mode.");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(database);
        }
        catch (ArgumentException)
        {
            throw new BotConfigurationException("DATABASE_URL must be postgres://user:password@host:5432/database or an Npgsql connection string.");
        }
    }

    /// <summary>The Discord REST and gateway clients (and command registration and guild setup, which use REST) for the token in the options.</summary>
    public static IServiceCollection AddDiscordClients(this IServiceCollection services, BotOptions options)
    {
        services.AddSingleton(sp => new DiscordOpts
        {
            Token = options.DiscordToken!,
            ApiBaseUrl = options.ApiBaseUrl ?? DiscordOpts.Default.ApiBaseUrl,
            GatewayUrl = options.GatewayUrl,
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
        });
        services.AddSingleton<IDiscordRestClient>(sp => new DiscordRestClient(sp.GetRequiredService<DiscordOpts>()));
        services.AddSingleton<IDiscordGatewayClient>(sp => new DiscordGatewayClient(sp.GetRequiredService<DiscordOpts>(), sp.GetRequiredService<IDiscordRestClient>()));
        services.AddSingleton(sp => new CommandRegistration(sp.GetRequiredService<IDiscordRestClient>(), options, sp.GetRequiredService<ILogger<CommandRegistration>>()));
        services.AddSingleton<GuildSetup>();
        return services;
    }

    /// <summary><c>/ready</c>: the Discord session in gateway/standalone mode; NATS, PostgreSQL and the consumer in worker mode.</summary>
    public static WebApplication MapReadyEndpoint(this WebApplication app)
    {
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        return app;
    }

    /// <summary>METRICS_ADDRESS as Go writes it (":8080", "0.0.0.0:9090") to a Kestrel URL.</summary>
    public static string MetricsUrl(string address)
    {
        var colon = address.LastIndexOf(':');
        var host = colon <= 0 ? "0.0.0.0" : address[..colon];
        var port = colon < 0 ? address : address[(colon + 1)..];
        return int.TryParse(port, out var p) && p is > 0 and < 65536
            ? $"http://{host}:{p}"
            : throw new BotConfigurationException($"METRICS_ADDRESS '{address}' must be [host]:port.");
    }
}
