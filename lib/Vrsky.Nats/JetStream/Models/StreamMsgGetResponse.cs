using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Reply of STREAM.MSG.GET.</summary>
public sealed record StreamMsgGetResponse
{
    [JsonPropertyName("message")] public StoredMessage Message { get; init; } = new();
}
