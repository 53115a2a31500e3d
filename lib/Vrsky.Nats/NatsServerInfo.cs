using System.Text.Json.Serialization;

namespace Vrsky.Nats;

/// <summary>The server's INFO: identity, limits, auth/TLS demands and cluster URLs to fail over to.</summary>
public sealed record NatsServerInfo
{
    [JsonPropertyName("server_id")]
    public string ServerId { get; init; } = "";

    [JsonPropertyName("server_name")]
    public string? ServerName { get; init; }

    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("proto")]
    public int Proto { get; init; }

    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("port")]
    public int Port { get; init; }

    [JsonPropertyName("headers")]
    public bool Headers { get; init; }

    [JsonPropertyName("max_payload")]
    public long MaxPayload { get; init; }

    [JsonPropertyName("auth_required")]
    public bool AuthRequired { get; init; }

    [JsonPropertyName("tls_required")]
    public bool TlsRequired { get; init; }

    [JsonPropertyName("tls_available")]
    public bool TlsAvailable { get; init; }

    /// <summary>Client URLs of the other cluster members (host:port), used for failover.</summary>
    [JsonPropertyName("connect_urls")]
    public IReadOnlyList<string>? ConnectUrls { get; init; }

    /// <summary>Lame duck mode: the server is shutting down and asks clients to move.</summary>
    [JsonPropertyName("ldm")]
    public bool LameDuckMode { get; init; }

    [JsonPropertyName("jetstream")]
    public bool JetStream { get; init; }

    [JsonPropertyName("client_id")]
    public ulong ClientId { get; init; }

    [JsonPropertyName("client_ip")]
    public string? ClientIp { get; init; }

    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }

    [JsonPropertyName("cluster")]
    public string? Cluster { get; init; }

    [JsonPropertyName("domain")]
    public string? Domain { get; init; }
}
