using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Reply of STREAM.PURGE.</summary>
public sealed record StreamPurgeResponse
{
    [JsonPropertyName("success")] public bool Success { get; init; }
    [JsonPropertyName("purged")] public ulong Purged { get; init; }
}
