using Vrsky.Nats.JetStream;

namespace Vrsky.Nats.KeyValue;

/// <summary>Entry point: <c>var kv = connection.CreateJetStreamContext().CreateKeyValueContext();</c></summary>
public static class NatsKVExtensions
{
    public static INatsKVContext CreateKeyValueContext(this INatsJSContext js) => new NatsKVContext(js);
}
