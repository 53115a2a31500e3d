namespace Vrsky.Hosting.ApplicationModel;

/// <summary>Something whose value is known at run time (a port, a password, a connection string).</summary>
public interface IValueProvider
{
    ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default);
}

/// <summary>Something a publisher writes as a manifest expression such as <c>{nats.bindings.tcp.port}</c>.</summary>
public interface IManifestExpressionProvider
{
    string ValueExpression { get; }
}
