using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>When a stream may remove a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetentionPolicy>))]
public enum RetentionPolicy
{
    [JsonStringEnumMemberName("limits")] Limits,
    [JsonStringEnumMemberName("interest")] Interest,
    [JsonStringEnumMemberName("workqueue")] WorkQueue,
}
