using Vrsky.Nats.JetStream;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.JetStream;

/// <summary>One JetStream server shared by a test class; tests keep apart by using their own stream names.</summary>
public sealed class JetStreamServerFixture : IAsyncLifetime
{
    public NatsServerProcess Server { get; private set; } = null!;

    public NatsConnection Connection { get; private set; } = null!;

    public INatsJSContext JetStream { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await NatsServerProcess.StartAsync(new NatsServerOptions { JetStream = true });
        Connection = new NatsConnection(NatsOpts.Default with { Url = Server.Url });
        await Connection.ConnectAsync();
        JetStream = Connection.CreateJetStreamContext();
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A stream/bucket name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
