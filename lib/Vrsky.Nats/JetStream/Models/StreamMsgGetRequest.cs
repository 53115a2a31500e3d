using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>Body of STREAM.MSG.GET and DIRECT.GET: a sequence or the last message of a subject.</summary>
public sealed record StreamMsgGetRequest
{
    [JsonPropertyName("seq")] public ulong? Seq { get; init; }
    [JsonPropertyName("last_by_subj")] public string? LastBySubj { get; init; }
    [JsonPropertyName("next_by_subj")] public string? NextBySubj { get; init; }
}
