using System.Net.Sockets;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint of a resource. <see cref="Port"/> is the fixed host port asked for (null: allocate one);
/// <see cref="TargetPort"/> is the port inside a deployed container. The orchestrator fills
/// <see cref="AllocatedPort"/> when the application starts.
/// </summary>
public sealed class EndpointAnnotation(string name, string uriScheme, int? port = null, int? targetPort = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string UriScheme { get; } = uriScheme;

    public int? Port { get; set; } = port;

    public int? TargetPort { get; set; } = targetPort;

    public ProtocolType Protocol => ProtocolType.Tcp;

    /// <summary>Plain TCP protocols are published as <c>tcp</c> bindings, web ones as <c>http</c>/<c>https</c>.</summary>
    public string Transport => UriScheme is "http" or "https" ? UriScheme : "tcp";

    public bool IsHttp => UriScheme is "http" or "https";

    /// <summary>Whether the orchestrator listens in front of the process (needed to balance replicas).</summary>
    public bool IsProxied { get; set; }

    public int? AllocatedPort { get; internal set; }

    public string Host => "127.0.0.1";
}

/// <summary>Which part of an endpoint a reference resolves to.</summary>
public enum EndpointProperty
{
    Url,
    Host,
    Port,
    HostAndPort,
}

/// <summary>A late-bound reference to a resource's endpoint.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
    : IValueProvider, IManifestExpressionProvider
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public string Host => Annotation.Host;

    public int Port => Annotation.AllocatedPort
        ?? throw new InvalidOperationException($"Endpoint '{EndpointName}' of '{Resource.Name}' has no port yet: the application has not started.");

    public string Url => $"{Annotation.UriScheme}://{Host}:{Port}";

    public string ValueExpression => $"{{{Resource.Name}.bindings.{EndpointName}.url}}";

    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Url);
}

/// <summary>One property of an endpoint, usable as a hole in a <see cref="ReferenceExpression"/>.</summary>
public sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property)
    : IValueProvider, IManifestExpressionProvider
{
    public EndpointReference Endpoint { get; } = endpoint;

    public EndpointProperty Property { get; } = property;

    public string ValueExpression => Property switch
    {
        EndpointProperty.Url => Endpoint.ValueExpression,
        EndpointProperty.Host => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.host}}",
        EndpointProperty.Port => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.port}}",
        _ => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.host}}:{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.port}}",
    };

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Property switch
    {
        EndpointProperty.Url => Endpoint.Url,
        EndpointProperty.Host => Endpoint.Host,
        EndpointProperty.Port => Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{Endpoint.Host}:{Endpoint.Port}",
    });
}
