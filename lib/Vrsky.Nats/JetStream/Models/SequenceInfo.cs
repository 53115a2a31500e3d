using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>A consumer position: its own sequence and the matching stream sequence.</summary>
public sealed record SequenceInfo
{
    [JsonPropertyName("consumer_seq")] public ulong ConsumerSeq { get; init; }
    [JsonPropertyName("stream_seq")] public ulong StreamSeq { get; init; }
    [JsonPropertyName("last_active")] public DateTimeOffset? LastActive { get; init; }
}
