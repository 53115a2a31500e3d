using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vrsky.Nats;
using Vrsky.TokenWorker;
using Vrsky.TokenWorker.Caching;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Idp;
using Vrsky.TokenWorker.Requests;

namespace Microsoft.Extensions.Hosting;

public static class TokenWorkerExtensions
{
    /// <summary>Registers the token worker: options, NATS connections (with the <c>nats</c> health check), cache, IdP client, listener.</summary>
    public static IHostApplicationBuilder AddTokenWorkerServices(this IHostApplicationBuilder builder, TokenWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.Configuration["Logging:LogLevel:Default"] = options.LogLevel switch
        {
            "debug" => "Debug",
            "warn" => "Warning",
            "error" => "Error",
            _ => "Information",
        };

        var services = builder.Services;
        services.AddSingleton(Options.Options.Create(options));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<TokenWorkerMetrics>();
        services.AddSingleton(sp => new TokenWorkerConnections(options, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<TokenWorkerConnections>().Requests);

        // Registers the health check; the INatsConnection above (named, with the seed's reconnect settings) takes precedence.
        builder.AddNatsClient("nats", settings => settings.ConnectionString = options.Nats.Url);

        services.AddSingleton<TokenCache>();
        services.TryAddKeyedSingleton<HttpMessageHandler>(IdpClient.HttpHandlerKey, (_, _) => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
        });
        services.AddSingleton(sp => new IdpClient(
            new HttpClient(sp.GetRequiredKeyedService<HttpMessageHandler>(IdpClient.HttpHandlerKey), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<TokenWorkerOptions>>(),
            sp.GetRequiredService<TokenWorkerMetrics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IdpClient>>()));
        services.AddSingleton<TokenRequestHandler>();
        services.AddSingleton<TokenRequestListener>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenRequestListener>());
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
