using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>How a consumer expects deliveries to be acknowledged.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AckPolicy>))]
public enum AckPolicy
{
    [JsonStringEnumMemberName("explicit")] Explicit,
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("all")] All,
}
