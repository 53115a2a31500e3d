namespace Vrsky.Nats.JetStream;

/// <summary>Entry point: <c>var js = connection.CreateJetStreamContext();</c></summary>
public static class NatsJSExtensions
{
    public static INatsJSContext CreateJetStreamContext(this INatsConnection connection, NatsJSOpts? opts = null) =>
        new NatsJSContext(connection, opts);
}
