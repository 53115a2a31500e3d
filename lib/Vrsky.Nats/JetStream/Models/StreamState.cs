using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>What a stream holds right now.</summary>
public sealed record StreamState
{
    [JsonPropertyName("messages")] public ulong Messages { get; init; }
    [JsonPropertyName("bytes")] public ulong Bytes { get; init; }
    [JsonPropertyName("first_seq")] public ulong FirstSeq { get; init; }
    [JsonPropertyName("first_ts")] public DateTimeOffset? FirstTs { get; init; }
    [JsonPropertyName("last_seq")] public ulong LastSeq { get; init; }
    [JsonPropertyName("last_ts")] public DateTimeOffset? LastTs { get; init; }
    [JsonPropertyName("num_subjects")] public long NumSubjects { get; init; }
    [JsonPropertyName("num_deleted")] public long NumDeleted { get; init; }
    [JsonPropertyName("consumer_count")] public int ConsumerCount { get; init; }
}
