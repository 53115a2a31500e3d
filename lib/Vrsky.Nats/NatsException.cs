namespace Vrsky.Nats;

/// <summary>Base of every error this client raises.</summary>
public class NatsException : Exception
{
    public NatsException(string message)
        : base(message)
    {
    }

    public NatsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A request hit a subject nobody listens on (status 503).</summary>
public sealed class NatsNoRespondersException(string subject)
    : NatsException($"No responders are available for the request on '{subject}'")
{
    public string Subject { get; } = subject;
}

/// <summary>No reply (or PONG, or connection) within the allowed time.</summary>
public sealed class NatsTimeoutException(string message) : NatsException(message);

/// <summary>The server rejected the credentials or permissions (e.g. -ERR 'Authorization Violation').</summary>
public sealed class NatsAuthorizationException(string serverError)
    : NatsException($"NATS server rejected the connection: {serverError}")
{
    public string ServerError { get; } = serverError;
}

/// <summary>The server reported an error with -ERR.</summary>
public sealed class NatsServerException(string serverError)
    : NatsException($"NATS server error: {serverError}")
{
    public string ServerError { get; } = serverError;
}

/// <summary>A message exceeds the server's max_payload; nothing was sent.</summary>
public sealed class NatsPayloadTooLargeException(long size, long maxPayload)
    : NatsException($"Message of {size} bytes exceeds the server's max_payload of {maxPayload} bytes")
{
    public long Size { get; } = size;

    public long MaxPayload { get; } = maxPayload;
}

/// <summary>The server sent something that is not valid NATS protocol.</summary>
public sealed class NatsProtocolException(string message) : NatsException(message);

/// <summary>A subscription's pending buffer overflowed and messages were dropped.</summary>
public sealed class NatsSlowConsumerException(string subject, long dropped)
    : NatsException($"Slow consumer on '{subject}': {dropped} message(s) dropped")
{
    public string Subject { get; } = subject;

    public long Dropped { get; } = dropped;
}
