using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrsky.TokenWorker.Configuration;

namespace Vrsky.TokenWorker.Idp;

/// <summary>
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) against the configured token endpoint, authenticating with
/// <c>client_secret_post</c> or <c>client_secret_basic</c> (§2.3.1). Transient failures (timeouts, connection errors, 5xx,
/// 429, <c>temporarily_unavailable</c>) are retried with exponential backoff and jitter, but never past the deadline.
/// </summary>
public sealed class IdpClient(HttpClient http, IOptions<TokenWorkerOptions> options, TokenWorkerMetrics metrics, ILogger<IdpClient> logger)
{
    /// <summary>Service key of the <see cref="HttpMessageHandler"/> that carries token endpoint calls.</summary>
    public const string HttpHandlerKey = "idp";

    /// <summary>Token responses larger than this are not read (a token response is a few kilobytes).</summary>
    private const int MaxResponseBytes = 256 * 1024;

    private readonly TokenWorkerOptions _options = options.Value;

    public Uri TokenEndpoint { get; } = options.Value.TokenEndpoint;

    public async Task<IdpResult> RequestTokenAsync(string clientId, string clientSecret, string? scope, string? audience, long deadlineTimestamp, CancellationToken cancellationToken = default)
    {
        var idp = _options.Idp;
        var reason = "no attempt fitted in the deadline";
        var attempt = 0;
        while (attempt < idp.MaxAttempts)
        {
            var remaining = Remaining(deadlineTimestamp);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            attempt++;
            var (result, transientReason, retryAfter) = await AttemptAsync(clientId, clientSecret, scope, audience, Min(idp.Timeout, remaining), cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            reason = transientReason!;
            if (attempt >= idp.MaxAttempts)
            {
                break;
            }

            var backoff = idp.RetryDelay * Math.Pow(2, attempt - 1) * (0.5 + (Random.Shared.NextDouble() / 2));
            if (retryAfter is { } hinted && hinted > backoff)
            {
                backoff = hinted;
            }

            if (backoff >= Remaining(deadlineTimestamp))
            {
                break;
            }

            TokenWorkerLog.IdpAttemptFailed(logger, attempt, clientId, reason, backoff.TotalMilliseconds);
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
        }

        TokenWorkerLog.IdpUnavailable(logger, clientId, attempt, reason);
        return IdpResult.Failure(OAuthErrors.TemporarilyUnavailable, $"The identity provider is unavailable ({reason}).", (int)HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>One call: a final result, or the reason it may be worth retrying.</summary>
    private async Task<(IdpResult? Result, string? TransientReason, TimeSpan? RetryAfter)> AttemptAsync(
        string clientId, string clientSecret, string? scope, string? audience, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = BuildRequest(clientId, clientSecret, scope, audience);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, timeoutSource.Token).ConfigureAwait(false);
            var (result, transient) = Interpret(response, body, scope);
            metrics.IdpCall(result?.Error ?? (transient is null ? "ok" : OAuthErrors.TemporarilyUnavailable), Stopwatch.GetElapsedTime(started));
            return (result, transient, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.IdpCall("timeout", Stopwatch.GetElapsedTime(started));
            return (null, $"no answer within {timeout.TotalSeconds:0.###} s", null);
        }
        catch (HttpRequestException e)
        {
            metrics.IdpCall("unreachable", Stopwatch.GetElapsedTime(started));
            return (null, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString(), null);
        }
    }

    private HttpRequestMessage BuildRequest(string clientId, string clientSecret, string? scope, string? audience)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint);
        if (_options.Idp.AuthMethod == IdpAuthMethods.ClientSecretBasic)
        {
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64-encoded.
            var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form.Add(new("client_id", clientId));
            form.Add(new("client_secret", clientSecret));
        }

        if (!string.IsNullOrEmpty(scope))
        {
            form.Add(new("scope", scope));
        }

        if (!string.IsNullOrEmpty(audience))
        {
            form.Add(new("audience", audience));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            return [];
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return [];
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>RFC 6749 §5.1 (success) and §5.2 (error) responses; anything else is transient (5xx, 429) or a server error.</summary>
    private static (IdpResult? Result, string? TransientReason) Interpret(HttpResponseMessage response, byte[] body, string? requestedScope)
    {
        var status = (int)response.StatusCode;
        JsonElement? json = null;
        JsonDocument? document = null;
        try
        {
            if (body.Length > 0)
            {
                try
                {
                    document = JsonDocument.Parse(body);
                    json = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : null;
                }
                catch (JsonException)
                {
                    json = null;
                }
            }

            if (status == 200 && json is { } ok && String(ok, "access_token") is { Length: > 0 } accessToken)
            {
                return (new IdpResult
                {
                    AccessToken = accessToken,
                    TokenType = String(ok, "token_type") ?? "Bearer",
                    ExpiresIn = Number(ok, "expires_in") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null,
                    // §5.1: scope may be omitted when it is identical to the one requested.
                    Scope = String(ok, "scope") ?? (string.IsNullOrEmpty(requestedScope) ? null : requestedScope),
                }, null);
            }

            if (status is >= 500 or 429)
            {
                return (null, $"HTTP {status}");
            }

            if (json is { } error && String(error, "error") is { Length: > 0 } code)
            {
                var result = IdpResult.Failure(code, String(error, "error_description"), status is >= 400 and < 500 ? status : 400);
                return code is OAuthErrors.TemporarilyUnavailable or OAuthErrors.ServerError ? (null, $"HTTP {status} {code}") : (result, null);
            }

            return (IdpResult.Failure(OAuthErrors.ServerError, $"The identity provider answered HTTP {status} without an OAuth 2.0 token or error.", (int)HttpStatusCode.BadGateway), null);
        }
        finally
        {
            document?.Dispose();
        }
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Numbers, and numbers sent as strings (some providers quote <c>expires_in</c>).</summary>
    private static double? Number(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) ? number
        : null;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;

    private static TimeSpan Remaining(long deadlineTimestamp) =>
        Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadlineTimestamp);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
