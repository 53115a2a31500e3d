using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>Composes the resource graph of the application.</summary>
public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    DistributedApplicationExecutionContext ExecutionContext { get; }

    DistributedApplicationOptions Options { get; }

    /// <summary>Directory of the AppHost project; relative project paths resolve against it.</summary>
    string AppHostDirectory { get; }

    IReadOnlyList<IResource> Resources { get; }

    /// <summary>Adds a resource; names are unique across the application.</summary>
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>A builder for a resource already in the model (tests use it to adjust the AppHost's graph).</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : IResource;

    DistributedApplication Build();
}
