using System.Text.Json.Serialization;

namespace Vrsky.Nats.JetStream.Models;

/// <summary>What a full stream does: drop its oldest messages or refuse new ones.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiscardPolicy>))]
public enum DiscardPolicy
{
    [JsonStringEnumMemberName("old")] Old,
    [JsonStringEnumMemberName("new")] New,
}
