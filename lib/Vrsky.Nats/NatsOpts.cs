using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Nats.Internal;

namespace Vrsky.Nats;

/// <summary>Immutable connection options; change with <c>with</c>.</summary>
public sealed record NatsOpts
{
    public static readonly NatsOpts Default = new();

    /// <summary>Comma-separated servers: <c>nats://user:pass@host:port,host:port</c>; <c>tls://</c> forces TLS.</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>Client name shown by the server's monitoring endpoints.</summary>
    public string? Name { get; init; }

    /// <summary>Whether this connection receives messages it publishes itself.</summary>
    public bool Echo { get; init; } = true;

    /// <summary>Asks the server to +OK every command; only useful for debugging.</summary>
    public bool Verbose { get; init; }

    public bool Headers { get; init; } = true;

    /// <summary>Lets requests fail fast with <see cref="NatsNoRespondersException"/> (needs <see cref="Headers"/>).</summary>
    public bool NoResponders { get; init; } = true;

    public NatsAuthOpts AuthOpts { get; init; } = NatsAuthOpts.Default;

    public NatsTlsOpts TlsOpts { get; init; } = NatsTlsOpts.Default;

    /// <summary>Reconnect attempts per server before giving up; -1 retries forever.</summary>
    public int MaxReconnect { get; init; } = -1;

    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Up to this much random time is added to <see cref="ReconnectWait"/> so clients do not reconnect in lockstep.</summary>
    public TimeSpan ReconnectJitter { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Unanswered PINGs after which the connection is considered stale and replaced.</summary>
    public int MaxPingOut { get; init; } = 2;

    /// <summary>Bytes of outgoing commands kept while disconnected; publishing beyond it throws <see cref="NatsException"/>.</summary>
    public int ReconnectBufferSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Default number of messages a subscription buffers before it is a slow consumer.</summary>
    public int SubPendingChannelCapacity { get; init; } = 1024;

    public string InboxPrefix { get; init; } = "_INBOX";

    /// <summary>Keeps the server order of <see cref="Url"/> instead of shuffling it.</summary>
    public bool NoRandomize { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Options for every value that is not raw bytes or a string.</summary>
    public JsonSerializerOptions SerializerOptions { get; init; } = JsonSerializerOptions.Default;

    /// <summary>
    /// Options from an Aspire-style connection string, <c>nats://user:pass@127.0.0.1:4222[,host:port]</c>.
    /// Credentials found in any of the URLs apply to all servers and move to <see cref="AuthOpts"/>.
    /// </summary>
    public static NatsOpts FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var servers = NatsServerAddress.ParseList(connectionString);
        var auth = servers.Select(s => s.Auth).FirstOrDefault(a => a is not null) ?? NatsAuthOpts.Default;
        return Default with
        {
            Url = string.Join(",", servers.Select(s => s.ToString())),
            AuthOpts = auth,
        };
    }

    public override string ToString() =>
        $"NatsOpts {{ Url = {string.Join(",", NatsServerAddress.ParseList(Url).Select(s => s.ToString()))}, Name = {Name}, AuthOpts = {AuthOpts} }}";
}
