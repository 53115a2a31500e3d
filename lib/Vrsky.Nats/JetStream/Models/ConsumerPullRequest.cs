using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Body of CONSUMER.MSG.NEXT: how many messages (and bytes) to send, and for how long to wait.</summary>
public sealed record ConsumerPullRequest
{
    [JsonPropertyName("batch")] public int Batch { get; init; }
    [JsonPropertyName("max_bytes")] public long? MaxBytes { get; init; }
    [JsonPropertyName("expires")] public TimeSpan? Expires { get; init; }
    [JsonPropertyName("no_wait")] public bool? NoWait { get; init; }
    [JsonPropertyName("idle_heartbeat")] public TimeSpan? IdleHeartbeat { get; init; }
}
