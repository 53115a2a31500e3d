using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Body of STREAM.NAMES: a page offset and an optional subject the streams must listen on.</summary>
public sealed record StreamNamesRequest
{
    [JsonPropertyName("offset")] public int Offset { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
}
