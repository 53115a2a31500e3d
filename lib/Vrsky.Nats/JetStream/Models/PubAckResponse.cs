using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>The stream's acknowledgement of a publish: where the message was stored, or that it was a duplicate.</summary>
public sealed record PubAckResponse
{
    [JsonPropertyName("stream")] public string Stream { get; init; } = "";
    [JsonPropertyName("seq")] public ulong Seq { get; init; }
    [JsonPropertyName("duplicate")] public bool Duplicate { get; init; }
    [JsonPropertyName("domain")] public string? Domain { get; init; }
}
