using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Requests;

namespace Vrsky.TokenWorker.Tests.Infrastructure;

/// <summary>
/// The real worker (<see cref="TokenWorkerApp"/>, as Program builds it) in-process, configured through the same
/// environment variables and flags as the deployed one, plus a count of the requests it answered.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly MeterListener _meters = new();
    private long _answered;

    private WorkerHost(WebApplication app, TokenWorkerOptions options)
    {
        App = app;
        Options = options;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TokenWorkerMetrics.MeterName && instrument.Meter.Scope == factory && instrument.Name == "tokenworker.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _answered, value));
        _meters.Start();
    }

    public WebApplication App { get; }

    public TokenWorkerOptions Options { get; }

    /// <summary>Requests this worker answered (any result).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    public static async Task<WorkerHost> StartAsync(
        TokenWorkerFixture fixture,
        string subject,
        IDictionary<string, string?>? environment = null,
        string[]? flags = null,
        LogCapture? logs = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["NATS_URL"] = fixture.Nats.Url,
            ["IDP_URL"] = fixture.Idp.Url,
            ["TOKEN_SUBJECT"] = subject,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var loaded = TokenWorkerConfiguration.Load(flags ?? [], env);
        var options = loaded.Options ?? throw new InvalidOperationException(loaded.Error);
        var app = TokenWorkerApp.Build(options, ["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            configure?.Invoke(builder);
        });
        var host = new WorkerHost(app, options);
        await app.StartAsync();
        await app.Services.GetRequiredService<TokenRequestListener>().Subscribed.WaitAsync(TimeSpan.FromSeconds(10));
        return host;
    }

    /// <summary>What SIGTERM does: the host stops, the listener drains.</summary>
    public Task StopAsync() => App.StopAsync();

    public async ValueTask DisposeAsync()
    {
        _meters.Dispose();
        try
        {
            await App.StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        await App.DisposeAsync();
    }
}
