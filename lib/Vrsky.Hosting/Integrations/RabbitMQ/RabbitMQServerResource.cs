namespace Vrsky.Hosting.ApplicationModel;

/// <summary>A RabbitMQ broker; connection string <c>amqp://guest:{password}@host:port</c>.</summary>
public sealed class RabbitMQServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithArgs
{
    internal const string PrimaryEndpointName = "tcp";

    public string UserName => "guest";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
