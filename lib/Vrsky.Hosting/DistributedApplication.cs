using System.Runtime.InteropServices;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Dashboard;
using Vrsky.Hosting.Orchestration;
using Vrsky.Hosting.Publishing;
using Vrsky.Hosting.Testing;

namespace Vrsky.Hosting;

/// <summary>A composed application: runs it locally (with the dashboard) or hands it to a publisher.</summary>
public sealed partial class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly ApplicationOrchestrator _orchestrator;
    private DashboardServer? _dashboard;
    private ConsoleStatusPrinter? _printer;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        ApplicationOrchestrator.RegisterSnapshots(builder.Resources, ResourceNotifications);
        _orchestrator = new ApplicationOrchestrator(builder.Resources, builder, ResourceNotifications, ResourceLogs);
    }

    public IReadOnlyList<IResource> Resources => _builder.Resources;

    public ResourceNotificationService ResourceNotifications { get; } = new();

    public ResourceLoggerService ResourceLogs { get; } = new();

    public DistributedApplicationExecutionContext ExecutionContext => _builder.ExecutionContext;

    /// <summary>Dashboard login URL with its one-time token; null until started.</summary>
    public Uri? DashboardLoginUrl => _dashboard?.LoginUrl;

    /// <summary>The token <c>GET /api/resources</c> expects as <c>Authorization: Bearer</c>.</summary>
    public string? DashboardToken => _dashboard?.BrowserToken;

    public Uri? DashboardUrl => _dashboard?.Url;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var dashboardOptions = new DashboardOptions(
            _builder.Configuration["Dashboard:Url"] ?? _builder.Options.DashboardUrl,
            _builder.Configuration["Dashboard:BrowserToken"],
            _builder.Configuration["Dashboard:OtlpApiKey"]);
        _dashboard = await DashboardServer.StartAsync(dashboardOptions, this, cancellationToken).ConfigureAwait(false);
        if (_builder.Options.PrintToConsole)
        {
            Console.WriteLine($"Login to the dashboard at {_dashboard.LoginUrl}");
            _printer = ConsoleStatusPrinter.Start(ResourceNotifications);
        }

        try
        {
            await _orchestrator.StartAsync(TelemetryEnvironment(_dashboard), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What each project needs to export OTLP over HTTP/protobuf to this AppHost.</summary>
    private static Dictionary<string, string> TelemetryEnvironment(DashboardServer dashboard) => new(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.Url.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = $"{DashboardServer.OtlpApiKeyHeader}={dashboard.OtlpApiKey}",
        // Short export intervals so a person sees telemetry while developing.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    /// <summary>
    /// Sends <paramref name="command"/> (<see cref="KnownResourceCommands"/>: stop, start, restart) to a resource's
    /// processes; false when the resource cannot take it now. The new state arrives through <see cref="ResourceNotifications"/>.
    /// </summary>
    public Task<bool> ExecuteCommandAsync(string resourceName, string command) => _orchestrator.ExecuteCommandAsync(resourceName, command);

    internal bool SupportsCommands(string resourceName) => _orchestrator.SupportsCommands(resourceName);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _orchestrator.StopAsync().ConfigureAwait(false);
        if (_printer is not null)
        {
            await _printer.DisposeAsync().ConfigureAwait(false);
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync().ConfigureAwait(false);
            _dashboard = null;
        }
    }

    /// <summary>Runs until Ctrl-C or SIGTERM, or publishes when started with <c>--publisher</c>.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (ExecutionContext.IsPublishMode)
            {
                await Publishers.PublishAsync(this, _builder, cancellationToken).ConfigureAwait(false);
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            await StartAsync(stop.Token).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            Console.WriteLine("Stopping…");
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DistributedApplicationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            Environment.ExitCode = 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _orchestrator.DisposeAsync().ConfigureAwait(false);
    }
}
