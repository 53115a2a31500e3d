using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vrsky.Chat.Contracts.Messaging;

/// <summary>Wire JSON for every chat contract: camelCase, enums as camelCase strings, source-generated.</summary>
public static class ChatJson
{
    public static ChatJsonContext Context => ChatJsonContext.Default;

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Null when the bytes are not a valid <typeparamref name="T"/>, missing or null members included (the caller dead-letters them).</summary>
    public static T? TryDeserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

// A missing or null value the type does not allow is a JsonException, so the message counts as malformed (and is
// dead-lettered at once) instead of reaching a handler with null where the contract promises a value.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ChatMessageCommand))]
[JsonSerializable(typeof(ReadReceipt))]
[JsonSerializable(typeof(PresenceSignal))]
[JsonSerializable(typeof(DeliveryEvent))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
