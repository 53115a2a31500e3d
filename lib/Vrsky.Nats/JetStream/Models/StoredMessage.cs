using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>A message as STREAM.MSG.GET returns it: headers (the raw <c>NATS/1.0</c> block) and data are base64 in JSON.</summary>
public sealed record StoredMessage
{
    [JsonPropertyName("subject")] public string Subject { get; init; } = "";
    [JsonPropertyName("seq")] public ulong Seq { get; init; }
    [JsonPropertyName("hdrs")] public byte[]? Hdrs { get; init; }
    [JsonPropertyName("data")] public byte[]? Data { get; init; }
    [JsonPropertyName("time")] public DateTimeOffset Time { get; init; }
}
