namespace Vrsky.Redis;

/// <summary>Base of every error the Redis client raises.</summary>
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The server answered with an error reply (<c>-PREFIX message</c>). <see cref="Prefix"/> is the first word
/// (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOAUTH</c>, <c>WRONGPASS</c>, <c>NOSCRIPT</c>…).
/// </summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string error)
        : base(error)
    {
        var space = error.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? error : error[..space];
    }

    public string Prefix { get; }
}

/// <summary>The server rejected AUTH (wrong password or user), or requires a password none was given for.</summary>
public sealed class RedisAuthenticationException(string message, RedisServerException inner) : RedisException(message, inner);

/// <summary>No connection could be made, or it broke before the reply arrived (the command may or may not have run).</summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>No reply within <see cref="RedisOpts.CommandTimeout"/> (the command may still run).</summary>
public sealed class RedisTimeoutException(string message) : RedisException(message);

/// <summary>The bytes received are not valid RESP, or exceed a configured limit; the connection is dropped.</summary>
public sealed class RedisProtocolException(string message) : RedisException(message);
