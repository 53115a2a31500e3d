using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Body of STREAM.PURGE: everything, one subject, up to a sequence, or all but the newest <see cref="Keep"/>.</summary>
public sealed record StreamPurgeRequest
{
    [JsonPropertyName("filter")] public string? Filter { get; init; }
    [JsonPropertyName("seq")] public ulong? Seq { get; init; }
    [JsonPropertyName("keep")] public ulong? Keep { get; init; }
}
