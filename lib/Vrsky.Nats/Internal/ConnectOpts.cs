using System.Text.Json.Serialization;

namespace Vrsky.Nats.Internal;

/// <summary>The CONNECT payload.</summary>
internal sealed record ConnectOpts
{
    [JsonPropertyName("verbose")]
    public bool Verbose { get; init; }

    [JsonPropertyName("pedantic")]
    public bool Pedantic { get; init; }

    [JsonPropertyName("tls_required")]
    public bool TlsRequired { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("lang")]
    public string Lang { get; init; } = ".NET";

    [JsonPropertyName("version")]
    public string Version { get; init; } = "1.0.0";

    [JsonPropertyName("protocol")]
    public int Protocol { get; init; } = 1;

    [JsonPropertyName("echo")]
    public bool Echo { get; init; } = true;

    [JsonPropertyName("headers")]
    public bool Headers { get; init; }

    [JsonPropertyName("no_responders")]
    public bool NoResponders { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("pass")]
    public string? Pass { get; init; }

    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; init; }

    public override string ToString() => $"ConnectOpts {{ Name = {Name}, User = {User} }}";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConnectOpts))]
[JsonSerializable(typeof(NatsServerInfo))]
internal sealed partial class NatsProtocolJsonContext : JsonSerializerContext;
