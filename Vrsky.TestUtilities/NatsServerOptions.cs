namespace Vrsky.TestUtilities;

/// <summary>How a test nats-server is started. Ports left null are picked free on loopback.</summary>
public sealed record NatsServerOptions
{
    public bool JetStream { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    public bool Monitoring { get; init; }

    public bool Tls { get; init; }

    /// <summary>Server name (-n); also used for JetStream clustering.</summary>
    public string? ServerName { get; init; }

    /// <summary>Contents of a config file passed with -c (e.g. "max_payload: 1024").</summary>
    public string? ConfigText { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public int? Port { get; init; }

    public int? MonitorPort { get; init; }

    /// <summary>Store dir for JetStream; a temp dir is used when null.</summary>
    public string? StoreDir { get; init; }
}
