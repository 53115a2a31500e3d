using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>What every runner of one application run shares.</summary>
internal sealed class OrchestratorContext
{
    public required IReadOnlyList<IResource> Resources { get; init; }

    public required ResourceNotificationService Notifications { get; init; }

    public required ResourceLoggerService Logs { get; init; }

    public required ChildProcessWatchdog Watchdog { get; init; }

    public required PortAllocator Ports { get; init; }

    public required ExecutableLocator Locator { get; init; }

    public required DistributedApplicationOptions Options { get; init; }

    public required DistributedApplicationExecutionContext ExecutionContext { get; init; }

    public required IConfiguration Configuration { get; init; }

    /// <summary>Ignore <c>WithDataVolume</c> (tests; or configuration <c>Vrsky:Hosting:EphemeralData</c>).</summary>
    public bool EphemeralData => Configuration.GetValue<bool?>("Vrsky:Hosting:EphemeralData") ?? Options.EphemeralData;

    /// <summary>Temporary directory of this run, removed at stop.</summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>Directory for data kept across runs (<c>WithDataVolume</c>), beside the AppHost and git-ignored.</summary>
    public required string PersistentDataDirectory { get; init; }

    /// <summary>Build configuration of the AppHost, used to find the projects' build output.</summary>
    public required string BuildConfiguration { get; init; }

    /// <summary>Environment every project gets for telemetry export (OTLP endpoint, headers).</summary>
    public required IReadOnlyDictionary<string, string> TelemetryEnvironment { get; init; }

    public IEnumerable<IResource> Children(IResource parent) =>
        Resources.OfType<IResourceWithParent>().Where(r => ReferenceEquals(r.Parent, parent));

    public async Task<List<string>> ResolveArgsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var values = new List<object>();
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            annotation.Callback(values);
        }

        var resolved = new List<string>(values.Count);
        foreach (var value in values)
        {
            resolved.Add(await ValueResolver.ResolveAsync(value, cancellationToken).ConfigureAwait(false));
        }

        return resolved;
    }

    public async Task<Dictionary<string, string>> ResolveEnvironmentAsync(IResource resource, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(ExecutionContext);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            annotation.Callback(context);
        }

        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.EnvironmentVariables)
        {
            resolved[key] = await ValueResolver.ResolveAsync(value, cancellationToken).ConfigureAwait(false);
        }

        return resolved;
    }
}
