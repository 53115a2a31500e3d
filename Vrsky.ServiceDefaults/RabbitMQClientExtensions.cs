using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using Vrsky.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers a shared RabbitMQ connection from <c>ConnectionStrings:{name}</c> (an amqp:// URI), with a health check.</summary>
public static class RabbitMQClientExtensions
{
    public static IHostApplicationBuilder AddRabbitMQConnection(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = ConnectionStrings.Require(builder, connectionName);
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{connectionName} must be an amqp:// or amqps:// URI.");
        }

        var factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            ClientProvidedName = builder.Environment.ApplicationName,
        };
        builder.Services.AddSingleton(new RabbitMQConnectionProvider(factory));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, sp => new RabbitMQHealthCheck(sp.GetRequiredService<RabbitMQConnectionProvider>()), HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(5)));
        return builder;
    }
}

/// <summary>
/// One connection per process, opened on first use (RabbitMQ.Client 7 connects asynchronously, so it cannot be
/// built inside a DI factory) and recovered by the client after network failures.
/// </summary>
public sealed class RabbitMQConnectionProvider(ConnectionFactory factory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _connection ??= await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
