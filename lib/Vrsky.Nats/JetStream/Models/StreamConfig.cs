using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>
/// A stream's configuration as the server stores it. Defaults mean "unlimited" (-1) or "server default"
/// (null), so a record built with only <see cref="Name"/> and <see cref="Subjects"/> is a valid request.
/// </summary>
public sealed record StreamConfig
{
    public StreamConfig() { }

    public StreamConfig(string name, params string[] subjects)
    {
        Name = name;
        Subjects = subjects;
    }

    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("subjects")] public IReadOnlyList<string>? Subjects { get; init; }
    [JsonPropertyName("retention")] public RetentionPolicy Retention { get; init; } = RetentionPolicy.Limits;
    [JsonPropertyName("max_consumers")] public int MaxConsumers { get; init; } = -1;
    [JsonPropertyName("max_msgs")] public long MaxMsgs { get; init; } = -1;
    [JsonPropertyName("max_bytes")] public long MaxBytes { get; init; } = -1;

    /// <summary>Maximum age of a message; <see cref="TimeSpan.Zero"/> keeps messages forever.</summary>
    [JsonPropertyName("max_age")] public TimeSpan MaxAge { get; init; }

    [JsonPropertyName("max_msgs_per_subject")] public long MaxMsgsPerSubject { get; init; } = -1;
    [JsonPropertyName("max_msg_size")] public int MaxMsgSize { get; init; } = -1;
    [JsonPropertyName("discard")] public DiscardPolicy Discard { get; init; } = DiscardPolicy.Old;
    [JsonPropertyName("storage")] public StorageType Storage { get; init; } = StorageType.File;
    [JsonPropertyName("num_replicas")] public int NumReplicas { get; init; } = 1;

    /// <summary>Window in which a repeated <c>Nats-Msg-Id</c> is reported as a duplicate; null for the server default (2 min).</summary>
    [JsonPropertyName("duplicate_window")] public TimeSpan? DuplicateWindow { get; init; }

    /// <summary>Lets a <c>Nats-Rollup</c> header replace a subject's (or the stream's) messages.</summary>
    [JsonPropertyName("allow_rollup_hdrs")] public bool AllowRollupHdrs { get; init; }
    [JsonPropertyName("deny_delete")] public bool DenyDelete { get; init; }
    [JsonPropertyName("deny_purge")] public bool DenyPurge { get; init; }

    /// <summary>Lets every replica answer <c>$JS.API.DIRECT.GET</c>, not only the leader.</summary>
    [JsonPropertyName("allow_direct")] public bool AllowDirect { get; init; }
    [JsonPropertyName("sealed")] public bool Sealed { get; init; }
    [JsonPropertyName("no_ack")] public bool NoAck { get; init; }
}
