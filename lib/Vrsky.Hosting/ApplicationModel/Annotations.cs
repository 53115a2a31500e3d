namespace Vrsky.Hosting.ApplicationModel;

/// <summary>Start this resource only after <see cref="Resource"/> is healthy.</summary>
public sealed record WaitAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>Run this many instances of a project behind one endpoint.</summary>
public sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>This resource consumes <see cref="Resource"/> (connection string or service discovery).</summary>
public sealed record ResourceReferenceAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>Environment variables, computed once references and endpoints are known.</summary>
public sealed record EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> Callback) : IResourceAnnotation;

/// <summary>Command-line arguments, computed once references and endpoints are known.</summary>
public sealed record CommandLineArgsCallbackAnnotation(Action<IList<object>> Callback) : IResourceAnnotation;

/// <summary>The container image a publisher deploys for this resource.</summary>
public sealed record ContainerImageAnnotation(string Image, string Tag, string? Registry = null) : IResourceAnnotation
{
    public string FullName => Registry is null ? $"{Image}:{Tag}" : $"{Registry}/{Image}:{Tag}";
}

/// <summary>Keep the resource's data across runs (locally under the AppHost's .vrsky folder; a volume when deployed).</summary>
public sealed record DataVolumeAnnotation(string? Name = null) : IResourceAnnotation;

/// <summary>Values handed to environment callbacks. Values are strings, or providers resolved late.</summary>
public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}
