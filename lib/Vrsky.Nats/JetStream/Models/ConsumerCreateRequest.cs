using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Body of CONSUMER.CREATE.</summary>
public sealed record ConsumerCreateRequest
{
    [JsonPropertyName("stream_name")] public string StreamName { get; init; } = "";
    [JsonPropertyName("config")] public ConsumerConfig Config { get; init; } = new();
}
