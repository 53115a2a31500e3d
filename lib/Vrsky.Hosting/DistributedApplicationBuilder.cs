using Vrsky.Hosting.Testing;

using System.Reflection;
using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;


namespace Vrsky.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder, IParameterFactory
{
    private readonly List<IResource> _resources = [];
    private readonly ParameterStore _parameterStore;

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        AppHostDirectory = ResolveAppHostDirectory(options.AppHostAssembly);
        Configuration = new ConfigurationManager();
        Configuration.AddJsonFile(Path.Combine(AppHostDirectory, "appsettings.json"), optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(options.Args);
        ExecutionContext = CommandLine.ParseExecutionContext(options.Args);
        _parameterStore = new ParameterStore(
            options.PersistParameters && ExecutionContext.IsRunMode ? Path.Combine(AppHostDirectory, ".vrsky", "parameters.json") : null);
    }

    public ConfigurationManager Configuration { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public DistributedApplicationOptions Options { get; }

    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': a resource with that name already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : IResource
    {
        var resource = _resources.SingleOrDefault(r => r.Name == name)
            ?? throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        return resource is T typed
            ? new ResourceBuilder<T>(this, typed)
            : throw new ArgumentException($"Resource '{name}' is a {resource.GetType().Name}, not a {typeof(T).Name}.", nameof(name));
    }

    /// <summary>Adds a parameter whose value is configured, else generated (and remembered between runs).</summary>
    ParameterResource IParameterFactory.CreateParameter(string name, bool secret, GeneratedParameterDefault? generate) =>
        new(name, secret, generate, () => Configuration[$"Parameters:{name}"] ?? (generate is null ? null : _parameterStore.GetOrCreate(name, generate)));

    public DistributedApplication Build()
    {
        if (TestingHook.TryCapture(this))
        {
            throw new EntryPointCapturedException();
        }

        ModelValidator.Validate(_resources);
        return new DistributedApplication(this);
    }

    private static string ResolveAppHostDirectory(Assembly? assembly)
    {
        var metadata = (assembly ?? Assembly.GetEntryAssembly())?
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;
        return metadata is not null && Directory.Exists(metadata) ? metadata : Directory.GetCurrentDirectory();
    }
}

/// <summary>Creates parameters bound to a builder's configuration and generated-value store.</summary>
internal interface IParameterFactory
{
    ParameterResource CreateParameter(string name, bool secret, GeneratedParameterDefault? generate);
}
