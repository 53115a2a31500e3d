namespace Vrsky.Nats.KeyValue;

/// <summary>What a revision of a key records (the <c>KV-Operation</c> header; none means Put).</summary>
public enum NatsKVOperation
{
    Put,
    Del,
    Purge,
}
