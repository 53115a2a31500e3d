using Vrsky.Nats.JetStream;

namespace Vrsky.Nats.KeyValue;

/// <summary>Base of key-value failures.</summary>
public class NatsKVException : NatsJSException
{
    public NatsKVException(string message)
        : base(message)
    {
    }

    public NatsKVException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The key has no value: never written, expired, or (see <see cref="NatsKVKeyDeletedException"/>) deleted.</summary>
public class NatsKVKeyNotFoundException(string bucket, string key, string? reason = null)
    : NatsKVException($"Key '{key}' not found in bucket '{bucket}'{reason}")
{
    public string Bucket { get; } = bucket;

    public string Key { get; } = key;
}

/// <summary>The key's latest revision is a delete or purge marker.</summary>
public sealed class NatsKVKeyDeletedException(string bucket, string key, ulong revision)
    : NatsKVKeyNotFoundException(bucket, key, $" (deleted at revision {revision})")
{
    public ulong Revision { get; } = revision;
}

/// <summary>A create found the key present, or an update's expected revision is not the latest.</summary>
public sealed class NatsKVWrongLastRevisionException(string bucket, string key, NatsJSWrongLastSequenceException inner)
    : NatsKVException($"Key '{key}' in bucket '{bucket}' is not at the expected revision: {inner.Error.Description}", inner)
{
    public string Bucket { get; } = bucket;

    public string Key { get; } = key;
}
