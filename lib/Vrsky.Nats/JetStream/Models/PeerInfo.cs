using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>One follower of a RAFT group.</summary>
public sealed record PeerInfo
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("current")] public bool Current { get; init; }
    [JsonPropertyName("offline")] public bool Offline { get; init; }
    [JsonPropertyName("lag")] public ulong Lag { get; init; }
}
