using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrsky.Discord.Gateway;

/// <summary>The gateway's envelope: <c>{"op", "d", "s", "t"}</c>; s and t only for dispatches.</summary>
public sealed record GatewayPayload(
    [property: JsonPropertyName("op")] GatewayOpCode Op,
    [property: JsonPropertyName("d")] JsonElement? D = null,
    [property: JsonPropertyName("s")] long? S = null,
    [property: JsonPropertyName("t")] string? T = null);
