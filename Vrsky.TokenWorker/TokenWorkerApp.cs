using Vrsky.TokenWorker.Configuration;

namespace Vrsky.TokenWorker;

/// <summary>Builds the worker's web application (health, metrics) around resolved options; Program and tests share it.</summary>
public static class TokenWorkerApp
{
    public static WebApplication Build(TokenWorkerOptions options, string[]? hostArgs = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs ?? [],
            ApplicationName = typeof(TokenWorkerApp).Assembly.GetName().Name,
        });
        builder.AddServiceDefaults();
        builder.AddTokenWorkerServices(options);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    /// <summary>The process environment as the configuration loader reads it.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
}
