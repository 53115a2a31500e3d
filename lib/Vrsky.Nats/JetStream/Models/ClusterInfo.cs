using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>The RAFT group behind a replicated stream or consumer.</summary>
public sealed record ClusterInfo
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("leader")] public string? Leader { get; init; }
    [JsonPropertyName("replicas")] public IReadOnlyList<PeerInfo>? Replicas { get; init; }
}
