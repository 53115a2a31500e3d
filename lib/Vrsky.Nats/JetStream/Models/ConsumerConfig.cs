using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>
/// A consumer's configuration. Null means "server default"; durations are sent as nanoseconds.
/// The defaults describe a durable pull consumer with explicit acks.
/// </summary>
public sealed record ConsumerConfig
{
    public ConsumerConfig() { }

    /// <summary>A durable consumer named <paramref name="durableName"/>.</summary>
    public ConsumerConfig(string durableName)
    {
        DurableName = durableName;
        Name = durableName;
    }

    [JsonPropertyName("durable_name")] public string? DurableName { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("deliver_policy")] public DeliverPolicy DeliverPolicy { get; init; } = DeliverPolicy.All;
    [JsonPropertyName("opt_start_seq")] public ulong? OptStartSeq { get; init; }
    [JsonPropertyName("opt_start_time")] public DateTimeOffset? OptStartTime { get; init; }
    [JsonPropertyName("ack_policy")] public AckPolicy AckPolicy { get; init; } = AckPolicy.Explicit;

    /// <summary>How long the server waits for an ack before redelivering.</summary>
    [JsonPropertyName("ack_wait")] public TimeSpan? AckWait { get; init; }

    /// <summary>Deliveries per message; -1 for unlimited.</summary>
    [JsonPropertyName("max_deliver")] public long MaxDeliver { get; init; } = -1;

    /// <summary>Redelivery delays after each unacknowledged delivery (overrides <see cref="AckWait"/> per attempt).</summary>
    [JsonPropertyName("backoff")] public IReadOnlyList<TimeSpan>? Backoff { get; init; }

    [JsonPropertyName("filter_subject")] public string? FilterSubject { get; init; }

    /// <summary>Several filters (server 2.10+); use <see cref="FilterSubject"/> for older servers.</summary>
    [JsonPropertyName("filter_subjects")] public IReadOnlyList<string>? FilterSubjects { get; init; }

    [JsonPropertyName("replay_policy")] public ReplayPolicy ReplayPolicy { get; init; } = ReplayPolicy.Instant;
    [JsonPropertyName("max_ack_pending")] public long? MaxAckPending { get; init; }
    [JsonPropertyName("max_waiting")] public long? MaxWaiting { get; init; }

    /// <summary>Push consumers only: the subject deliveries are sent to.</summary>
    [JsonPropertyName("deliver_subject")] public string? DeliverSubject { get; init; }

    /// <summary>Push consumers only: heartbeat interval while idle.</summary>
    [JsonPropertyName("idle_heartbeat")] public TimeSpan? IdleHeartbeat { get; init; }
    [JsonPropertyName("flow_control")] public bool FlowControl { get; init; }
    [JsonPropertyName("headers_only")] public bool HeadersOnly { get; init; }

    /// <summary>Idle time after which the server removes the consumer.</summary>
    [JsonPropertyName("inactive_threshold")] public TimeSpan? InactiveThreshold { get; init; }

    /// <summary>0 inherits the stream's replica count.</summary>
    [JsonPropertyName("num_replicas")] public int NumReplicas { get; init; }
    [JsonPropertyName("mem_storage")] public bool MemStorage { get; init; }
}
