using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrsky.Gateway.Realtime;

/// <summary>
/// A client frame: <c>SendMessage{uuid, chatId, body}</c>, <c>Subscribe{chatId}</c>, <c>Typing{chatId}</c>,
/// <c>Read{chatId, msgId}</c> or <c>Ping</c>; any may carry a <c>ref</c> that an <c>Error</c> echoes.
/// </summary>
public sealed record ClientFrame(string? Type, string? Uuid, long? ChatId, string? Body, long? MsgId, string? Ref);

/// <summary>
/// A server frame: <c>Message</c>, <c>Delivered{uuid, msgId}</c>, <c>Read</c>, <c>Typing</c>, <c>Presence</c>,
/// <c>Subscribed</c>, <c>Removed</c>, <c>Pong</c> or <c>Error{code, message, ref}</c>; unset fields are left out.
/// </summary>
public sealed record ServerFrame(string Type)
{
    public long? ChatId { get; init; }
    public long? MsgId { get; init; }
    public long? Seq { get; init; }
    public long? SenderId { get; init; }
    public long? UserId { get; init; }
    public Guid? Uuid { get; init; }
    public string? Body { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public bool? Online { get; init; }
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? Ref { get; init; }

    public static ServerFrame Error(string code, string message, string? reference) => new("Error") { Code = code, Message = message, Ref = reference };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClientFrame))]
[JsonSerializable(typeof(ServerFrame))]
internal sealed partial class RealtimeJson : JsonSerializerContext
{
    public static byte[] Encode(ServerFrame frame) => JsonSerializer.SerializeToUtf8Bytes(frame, Default.ServerFrame);
}
