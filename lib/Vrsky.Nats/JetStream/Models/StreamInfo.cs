using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Reply of STREAM.CREATE, STREAM.UPDATE and STREAM.INFO.</summary>
public sealed record StreamInfo
{
    [JsonPropertyName("config")] public StreamConfig Config { get; init; } = new();
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("state")] public StreamState State { get; init; } = new();
    [JsonPropertyName("cluster")] public ClusterInfo? Cluster { get; init; }
}
