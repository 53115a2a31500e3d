using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>One page of STREAM.NAMES.</summary>
public sealed record StreamNamesResponse
{
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("offset")] public int Offset { get; init; }
    [JsonPropertyName("limit")] public int Limit { get; init; }
    [JsonPropertyName("streams")] public IReadOnlyList<string>? Streams { get; init; }
}
