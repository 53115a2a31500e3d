using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>The <c>error</c> object of a failed JetStream API call: HTTP-like code plus JetStream's own err_code.</summary>
public sealed record ApiError
{
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("err_code")] public int ErrCode { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}
