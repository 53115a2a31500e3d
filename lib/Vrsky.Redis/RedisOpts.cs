using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

/// <summary>Immutable connection options; change with <c>with</c>. <see cref="ToString"/> never shows the password.</summary>
public sealed record RedisOpts
{
    public static readonly RedisOpts Default = new();

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 6379;

    /// <summary>ACL user for <c>AUTH user password</c>; without it <c>AUTH password</c> authenticates as <c>default</c>.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Wrap the socket in TLS (server certificate validated against <see cref="Host"/>).</summary>
    public bool Ssl { get; init; }

    /// <summary>Database selected after AUTH; 0 sends no SELECT.</summary>
    public int Database { get; init; }

    /// <summary>Sent with <c>CLIENT SETNAME</c> so <c>CLIENT LIST</c> shows who is connected; must not contain spaces.</summary>
    public string? ClientName { get; init; }

    /// <summary>Socket connect plus AUTH/SELECT handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command waits for its reply (including time queued while reconnecting).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay between reconnect attempts after a lost connection; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Commands queued but not yet written; callers wait (up to their timeout) when it is full.</summary>
    public int MaxQueuedCommands { get; init; } = 64 * 1024;

    /// <summary>Messages one subscription buffers; beyond it new messages are dropped and counted.</summary>
    public int SubscriptionCapacity { get; init; } = 1024;

    public RespParserLimits ParserLimits { get; init; } = RespParserLimits.Default;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary><c>host:port</c> as used in logs and errors.</summary>
    public string Endpoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>
    /// Options from the Aspire/StackExchange.Redis configuration string <c>host:port,password=X[,user=Y][,ssl=false]</c>;
    /// also understood: <c>defaultDatabase</c>, <c>name</c>, <c>connectTimeout</c> and <c>syncTimeout</c>/<c>asyncTimeout</c> (ms).
    /// Options that only make sense for StackExchange.Redis (<c>abortConnect</c>, <c>allowAdmin</c>…) are accepted and ignored.
    /// </summary>
    public static RedisOpts FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var opts = Default;
        var endpointSeen = false;
        foreach (var raw in connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                // Further endpoints (replicas, sentinels) are not used: this client talks to one server.
                if (!endpointSeen)
                {
                    var (host, port) = ParseEndpoint(raw);
                    opts = opts with { Host = host, Port = port };
                    endpointSeen = true;
                }

                continue;
            }

            var key = raw[..eq].Trim();
            var value = raw[(eq + 1)..].Trim();
            opts = key.ToLowerInvariant() switch
            {
                "password" => opts with { Password = value },
                "user" => opts with { User = value },
                "ssl" => opts with { Ssl = ParseBool(key, value) },
                "defaultdatabase" => opts with { Database = ParseInt(key, value) },
                "name" => opts with { ClientName = value },
                "connecttimeout" => opts with { ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value)) },
                "synctimeout" or "asynctimeout" => opts with { CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value)) },
                "abortconnect" or "allowadmin" or "connectretry" or "keepalive" or "resolvedns" or "sslprotocols"
                    or "tiebreaker" or "version" or "checkcertificaterevocation" or "protocol" or "sslhost" => opts,
                // The value is not echoed: it might be a secret under a misspelt key.
                _ => throw new ArgumentException($"Unknown Redis connection string option '{key}'.", nameof(connectionString)),
            };
        }

        if (!endpointSeen)
        {
            throw new ArgumentException("The Redis connection string names no host:port.", nameof(connectionString));
        }

        return opts;
    }

    public override string ToString() =>
        $"RedisOpts {{ Endpoint = {Endpoint}, User = {User ?? "(default)"}, Password = {(Password is null ? "(none)" : "***")}, Ssl = {Ssl}, Database = {Database} }}";

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        string host;
        string? port = null;
        if (endpoint.StartsWith('['))
        {
            var close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"Invalid Redis endpoint '{endpoint}'.");
            }

            host = endpoint[1..close];
            if (close + 1 < endpoint.Length)
            {
                port = endpoint[(close + 1)..].TrimStart(':');
            }
        }
        else
        {
            var colon = endpoint.LastIndexOf(':');
            host = colon < 0 ? endpoint : endpoint[..colon];
            port = colon < 0 ? null : endpoint[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"Invalid Redis endpoint '{endpoint}': no host.");
        }

        if (port is null)
        {
            return (host, 6379);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
            ? (host, p)
            : throw new ArgumentException($"Invalid Redis endpoint '{endpoint}': bad port.");
    }

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw new ArgumentException($"Redis connection string option '{key}' must be true or false.");

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw new ArgumentException($"Redis connection string option '{key}' must be a non-negative integer.");
}
