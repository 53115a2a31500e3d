using System.Text.Json.Serialization;

namespace Vrsky.TokenWorker.Requests;

/// <summary>A token request on the token subject.</summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("audience")] string? Audience);

/// <summary>The successful reply: RFC 6749 §5.1's fields plus the request id.</summary>
public sealed record TokenReply(
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("scope")] string? Scope);

/// <summary>The error reply: RFC 6749 §5.2's <c>error</c>/<c>error_description</c>, the request id and an HTTP-like status.</summary>
public sealed record TokenErrorReply(
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription,
    [property: JsonPropertyName("status")] int Status);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenReply))]
[JsonSerializable(typeof(TokenErrorReply))]
public sealed partial class TokenMessagesJsonContext : JsonSerializerContext;
