using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>The generic <c>With…</c> verbs, constrained by what a resource can do.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Injects <c>ConnectionStrings__{name}</c> and records the dependency.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(source);
        var target = source.Resource;
        builder.WithAnnotation(new ResourceReferenceAnnotation(target));
        return builder.WithEnvironment(ctx => ctx.EnvironmentVariables[target.ConnectionStringEnvironmentVariable] = target);
    }

    /// <summary>Injects service discovery variables <c>services__{name}__{endpoint}__0</c> for each HTTP endpoint.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(source);
        var target = source.Resource;
        builder.WithAnnotation(new ResourceReferenceAnnotation(target));
        return builder.WithEnvironment(ctx =>
        {
            foreach (var endpoint in target.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsHttp))
            {
                ctx.EnvironmentVariables[$"services__{target.Name}__{endpoint.Name}__0"] = new EndpointReference(target, endpoint.Name);
            }
        });
    }

    /// <summary>Starts this resource only after <paramref name="dependency"/> reports healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
    {
        ArgumentNullException.ThrowIfNull(dependency);
        if (ReferenceEquals(dependency.Resource, builder.Resource))
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' cannot wait for itself.");
        }

        // Waiting for a database means waiting for its server.
        var target = dependency.Resource is IResourceWithParent child ? child.Parent : dependency.Resource;
        return builder.WithAnnotation(new WaitAnnotation(target));
    }

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return builder.WithAnnotation(new ReplicaAnnotation(replicas));
    }

    /// <summary>An HTTP endpoint; <paramref name="port"/> fixes the host port, otherwise one is allocated.</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string? name = null, int? targetPort = null)
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name ?? "http", "http", port, targetPort);

    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, string scheme, int? port = null, int? targetPort = null)
        where T : IResourceWithEndpoints
    {
        if (port is < 1 or > 65535)
        {
            throw new DistributedApplicationException($"Endpoint '{name}' of '{builder.Resource.Name}': port {port} is not between 1 and 65535.");
        }

        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == name))
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' already has an endpoint named '{name}'.");
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, scheme, port, targetPort));
    }

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name) where T : IResourceWithEndpoints =>
        new(builder.Resource, name);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>An environment variable: a string, a parameter, an endpoint, or a <see cref="ReferenceExpression"/>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, object value)
        where T : IResourceWithEnvironment
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ValueResolver.ThrowIfUnsupported(value, $"environment variable '{name}' of '{builder.Resource.Name}'");
        if (value is IResourceBuilder<IResource> referenced)
        {
            builder.WithAnnotation(new ResourceReferenceAnnotation(referenced.Resource));
            value = referenced.Resource;
        }

        return builder.WithEnvironment(ctx => ctx.EnvironmentVariables[name] = value);
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args) where T : IResourceWithArgs
    {
        foreach (var arg in args)
        {
            ValueResolver.ThrowIfUnsupported(arg, $"an argument of '{builder.Resource.Name}'");
        }

        return builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(list =>
        {
            foreach (var arg in args)
            {
                list.Add(arg);
            }
        }));
    }

    /// <summary>A .NET project, by path to its .csproj (relative to the AppHost project directory).</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        if (!File.Exists(fullPath))
        {
            throw new DistributedApplicationException($"Project '{name}': no project file at '{fullPath}'.");
        }

        return builder.AddResource(new ProjectResource(name, fullPath));
    }

    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args) =>
        builder.AddResource(new ExecutableResource(name, command, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory))))
            .WithArgs(args);

    /// <summary>A parameter read from configuration <c>Parameters:{name}</c>; secret values are masked everywhere they are shown.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(((IParameterFactory)builder).CreateParameter(name, secret, generate: null));

    /// <summary>A parameter whose value is generated when not configured (Aspire's <c>generate</c> default).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedParameter(this IDistributedApplicationBuilder builder, string name, bool secret = true, int minLength = 22) =>
        builder.AddResource(((IParameterFactory)builder).CreateParameter(name, secret, new GeneratedParameterDefault(minLength)));

    /// <summary>
    /// A generated password for a server resource, added to the model only after the server itself, so a
    /// duplicate server name is reported under its own name rather than its password's.
    /// </summary>
    internal static ParameterResource CreatePasswordParameter(this IDistributedApplicationBuilder builder, string serverName) =>
        ((IParameterFactory)builder).CreateParameter($"{serverName}-password", secret: true, new GeneratedParameterDefault());

    internal static IResourceBuilder<T> WithPasswordParameter<T>(this IResourceBuilder<T> server, ParameterResource password) where T : IResource
    {
        server.ApplicationBuilder.AddResource(password);
        return server;
    }

    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder, string? name = null) where T : IResource =>
        builder.WithAnnotation(new DataVolumeAnnotation(name));
}
