using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>A NATS server; clients connect with <c>nats://nats:{password}@host:port</c>.</summary>
public sealed class NatsServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithArgs
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string MonitorEndpointName = "monitor";

    public string UserName => "nats";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public EndpointReference MonitorEndpoint => new(this, MonitorEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"nats://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
