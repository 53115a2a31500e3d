using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrsky.TokenWorker.Caching;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Idp;

namespace Vrsky.TokenWorker.Requests;

/// <summary>
/// Turns one request payload into one reply payload: validates it, serves the token from the cache or the IdP, and
/// maps every failure to an RFC 6749 §5.2 error reply. Never throws for bad input.
/// </summary>
public sealed class TokenRequestHandler(
    TokenCache cache,
    IdpClient idp,
    IOptions<TokenWorkerOptions> options,
    TokenWorkerMetrics metrics,
    ILogger<TokenRequestHandler> logger)
{
    private const int MaxFieldLength = 1024;

    /// <summary>Keys the secret digests of cache keys; new per process.</summary>
    private readonly byte[] _secretKey = RandomNumberGenerator.GetBytes(32);
    private readonly TokenWorkerOptions _options = options.Value;

    /// <param name="payload">The request message's body.</param>
    /// <param name="requester">The requester's trace context from the message headers (default: the span starts a trace).</param>
    public async Task<byte[]> HandleAsync(ReadOnlyMemory<byte> payload, ActivityContext requester = default)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(_options.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        using var activity = TokenWorkerMetrics.ActivitySource.StartActivity("token.request", ActivityKind.Server, requester);
        metrics.RequestStarted();
        try
        {
            if (payload.Length > _options.MaxRequestBytes)
            {
                return Reject(null, $"request is larger than {_options.MaxRequestBytes} bytes");
            }

            TokenRequest? request;
            try
            {
                request = JsonSerializer.Deserialize(payload.Span, TokenMessagesJsonContext.Default.TokenRequest);
            }
            catch (JsonException)
            {
                return Reject(null, "request is not a valid JSON token request");
            }

            if (request is null)
            {
                return Reject(null, "request is not a JSON object");
            }

            if (Validate(request) is { } problem)
            {
                return Reject(Truncate(request.RequestId), problem);
            }

            activity?.SetTag("oauth.client_id", request.ClientId);
            var key = TokenCacheKey.Create(idp.TokenEndpoint, request.ClientId!, request.ClientSecret!, request.Scope, request.Audience, _secretKey);
            IdpResult result;
            TokenSource source;
            TimeSpan? remaining;
            try
            {
                (result, source, remaining) = await cache.GetOrFetchAsync(
                    key,
                    () => idp.RequestTokenAsync(request.ClientId!, request.ClientSecret!, request.Scope, request.Audience, deadline),
                    Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                (result, source, remaining) = (IdpResult.Failure(OAuthErrors.TemporarilyUnavailable, "The identity provider did not answer within the request deadline.", 503), TokenSource.SharedCall, null);
            }

            if (source == TokenSource.Cache)
            {
                metrics.CacheHit();
            }
            else
            {
                metrics.CacheMiss(joined: source == TokenSource.SharedCall);
            }

            activity?.SetTag("tokenworker.source", source.ToString());
            if (!result.IsSuccess)
            {
                TokenWorkerLog.RequestFailed(logger, request.RequestId, request.ClientId!, result.Error!, result.Status);
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
                metrics.RequestAnswered(result.Error!);
                return Serialize(new TokenErrorReply(request.RequestId, result.Error!, result.ErrorDescription, result.Status));
            }

            TokenWorkerLog.TokenIssued(logger, request.RequestId, request.ClientId!, source.ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            metrics.RequestAnswered("ok");
            var expiresIn = remaining is { } left ? (long)Math.Floor(left.TotalSeconds) : (long?)null;
            return Serialize(new TokenReply(request.RequestId, result.AccessToken!, result.TokenType, expiresIn, result.Scope));
        }
        finally
        {
            metrics.RequestEnded();
        }
    }

    /// <summary>The reply to a payload that is not a usable request at all (used for messages the loop cannot handle).</summary>
    public static byte[] InvalidRequestReply(string? requestId, string description) =>
        Serialize(new TokenErrorReply(requestId, OAuthErrors.InvalidRequest, description, 400));

    private byte[] Reject(string? requestId, string reason)
    {
        TokenWorkerLog.RequestRejected(logger, requestId, reason);
        metrics.RequestAnswered(OAuthErrors.InvalidRequest);
        return InvalidRequestReply(requestId, reason);
    }

    private static string? Validate(TokenRequest request) =>
        string.IsNullOrWhiteSpace(request.RequestId) ? "request_id is required"
        : request.RequestId.Length > 256 ? "request_id is longer than 256 characters"
        : string.IsNullOrWhiteSpace(request.ClientId) ? "client_id is required"
        : string.IsNullOrEmpty(request.ClientSecret) ? "client_secret is required"
        : request.ClientId.Length > MaxFieldLength || request.ClientSecret.Length > MaxFieldLength ? $"client_id and client_secret must be at most {MaxFieldLength} characters"
        : request.Scope?.Length > MaxFieldLength || request.Audience?.Length > MaxFieldLength ? $"scope and audience must be at most {MaxFieldLength} characters"
        : HasControlCharacters(request.RequestId) || HasControlCharacters(request.ClientId) || HasControlCharacters(request.Scope) || HasControlCharacters(request.Audience) ? "request_id, client_id, scope and audience must not contain control characters"
        : null;

    private static bool HasControlCharacters(string? value) => value is not null && value.Any(char.IsControl);

    /// <summary>A request id fit for a log line: at most 256 characters, control characters replaced.</summary>
    private static string? Truncate(string? value) =>
        value is null ? null : new string([.. (value.Length > 256 ? value[..256] : value).Select(c => char.IsControl(c) ? '?' : c)]);

    private static byte[] Serialize(TokenReply reply) => JsonSerializer.SerializeToUtf8Bytes(reply, TokenMessagesJsonContext.Default.TokenReply);

    private static byte[] Serialize(TokenErrorReply reply) => JsonSerializer.SerializeToUtf8Bytes(reply, TokenMessagesJsonContext.Default.TokenErrorReply);
}
