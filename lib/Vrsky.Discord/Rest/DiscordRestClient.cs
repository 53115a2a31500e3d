using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vrsky.Discord.Models;

namespace Vrsky.Discord.Rest;

/// <summary>Sending, rate limits and retries; the routes live in one partial per family.</summary>
public sealed partial class DiscordRestClient : IDiscordRestClient, IDisposable
{
    private const int MaxErrorBodyChars = 2000;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly DiscordOpts _opts;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RateLimiter _limiter;

    /// <param name="http">A client to send through (its handler is shared); one is created when null.</param>
    public DiscordRestClient(DiscordOpts opts, HttpClient? http = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(opts);
        ArgumentException.ThrowIfNullOrWhiteSpace(opts.Token, nameof(opts.Token));
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.GlobalRequestsPerSecond, 1, nameof(opts.GlobalRequestsPerSecond));
        _opts = opts;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _time = time ?? TimeProvider.System;
        _logger = opts.LoggerFactory.CreateLogger<DiscordRestClient>();
        _limiter = new RateLimiter(_time, opts.GlobalRequestsPerSecond);
    }

    private Task<T> SendAsync<T>(DiscordRoute route, object? body, CancellationToken cancellationToken) =>
        SendCoreAsync<T>(route, body, cancellationToken)!;

    private Task SendAsync(DiscordRoute route, object? body, CancellationToken cancellationToken) =>
        SendCoreAsync<JsonElement?>(route, body, cancellationToken);

    private async Task<T?> SendCoreAsync<T>(DiscordRoute route, object? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var bucket = await _limiter.AcquireAsync(route, (scope, wait) => OnWait(route, scope, wait), cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                using var request = CreateRequest(route, body);
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                _limiter.Update(route, bucket, response);
                DiscordMetrics.ApiRequests.Add(1, new("route", route.Key), new("status", (int)response.StatusCode));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var (global, retryAfter) = await ReadRetryAfterAsync(response, cancellationToken).ConfigureAwait(false);
                    _limiter.Limited(bucket, global, retryAfter);
                    DiscordMetrics.RateLimitHits.Add(1, new KeyValuePair<string, object?>("scope", global ? "global" : "bucket"));
                    DiscordLogEvents.RateLimited(_logger, route.Key, global ? "global" : "bucket", retryAfter);
                    response.Dispose();
                    if (retryAfter > _opts.MaxRetryAfter || attempt >= _opts.MaxRestAttempts)
                    {
                        throw new DiscordRestException(HttpStatusCode.TooManyRequests, null, $"rate limited for {retryAfter.TotalSeconds:0.###} s", route.Key);
                    }

                    continue;
                }
            }
            finally
            {
                _limiter.Release(bucket);
            }

            using (response)
            {
                if ((int)response.StatusCode >= 500 && attempt < _opts.MaxRestAttempts)
                {
                    DiscordLogEvents.ServerError(_logger, route.Key, (int)response.StatusCode, attempt, _opts.MaxRestAttempts);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1)), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorAsync(route, response, attempt, cancellationToken).ConfigureAwait(false);
                }

                if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
                {
                    return default;
                }

                return await response.Content.ReadFromJsonAsync<T>(DiscordJson.Options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage CreateRequest(DiscordRoute route, object? body)
    {
        var request = new HttpRequestMessage(route.Method, new Uri(_opts.ApiBaseUrl.AbsoluteUri.TrimEnd('/') + route.Path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _opts.Token);
        request.Headers.UserAgent.ParseAdd("DiscordBot (https://github.com/vrsky/vrsky, 1.0)");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: DiscordJson.Options);
        }

        return request;
    }

    private void OnWait(DiscordRoute route, string scope, TimeSpan wait)
    {
        DiscordMetrics.RateLimitHits.Add(1, new KeyValuePair<string, object?>("scope", scope + "-wait"));
        DiscordLogEvents.RateLimited(_logger, route.Key, scope, wait);
    }

    /// <summary>Reads <c>retry_after</c> (seconds, fractional) and <c>global</c> from the body, else the headers.</summary>
    private static async Task<(bool Global, TimeSpan RetryAfter)> ReadRetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var global = response.Headers.TryGetValues("X-RateLimit-Global", out _) ||
            (response.Headers.TryGetValues("X-RateLimit-Scope", out var scope) && scope.Contains("global"));
        double? seconds = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (body.RootElement.TryGetProperty("retry_after", out var retry) && retry.TryGetDouble(out var value))
            {
                seconds = value;
            }

            global |= body.RootElement.TryGetProperty("global", out var g) && g.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            // Cloudflare's HTML 429 page: fall back to the Retry-After header.
        }

        if (seconds is null && response.Headers.TryGetValues("Retry-After", out var header) &&
            double.TryParse(header.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
        {
            seconds = h;
        }

        return (global, TimeSpan.FromSeconds(Math.Clamp(seconds ?? 1, 0, 86_400)));
    }

    private static async Task<DiscordRestException> ErrorAsync(DiscordRoute route, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        int? code = null;
        var message = text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars]
            : text.Length > 0 ? text
            : response.ReasonPhrase ?? "no body";
        try
        {
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var value))
            {
                code = value;
            }

            if (body.RootElement.TryGetProperty("message", out var m) && m.GetString() is { } msg)
            {
                message = msg;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the (bounded) text is the message.
        }

        // A 5xx reaches here only once the retries are spent; say so, so nobody retries it blindly again.
        return new DiscordRestException(response.StatusCode, code, (int)response.StatusCode >= 500 ? $"{message} (after {attempts} attempts)" : message, route.Key);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
