using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Any API reply read only for its <c>error</c> member.</summary>
public sealed record ApiErrorResponse
{
    [JsonPropertyName("error")] public ApiError? Error { get; init; }
}
