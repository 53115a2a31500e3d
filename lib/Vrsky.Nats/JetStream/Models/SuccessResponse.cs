using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Reply of the delete APIs.</summary>
public sealed record SuccessResponse
{
    [JsonPropertyName("success")] public bool Success { get; init; }
}
