namespace Vrsky.Nats.KeyValue;

/// <summary>The outcome of a <c>Try…</c> read: a value, or the exception that the throwing variant would raise.</summary>
public readonly record struct NatsKVResult<T>
{
    private readonly T? _value;

    public NatsKVResult(T value) => _value = value;

    public NatsKVResult(NatsKVException error) => Error = error;

    public bool Success => Error is null;

    /// <summary>Null on success; otherwise <see cref="NatsKVKeyNotFoundException"/> or <see cref="NatsKVKeyDeletedException"/>.</summary>
    public NatsKVException? Error { get; }

    /// <summary>The value; throws <see cref="Error"/> when there is none.</summary>
    public T Value => Error is null ? _value! : throw Error;
}
