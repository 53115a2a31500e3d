using System.Globalization;
using Vrsky.Nats;

namespace Vrsky.TokenWorker.Configuration;

/// <summary>One setting: its flag, environment variables, place in the JSON file, default and how a value is applied.</summary>
public sealed record TokenWorkerSetting(
    string Flag,
    IReadOnlyList<string> EnvironmentVariables,
    string? JsonPath,
    string Default,
    string Description,
    Action<TokenWorkerOptions, string> Apply,
    bool IsSwitch = false);

/// <summary>A value that cannot be used; the message names the setting and where the value came from.</summary>
public sealed class TokenWorkerConfigurationException(string message) : Exception(message);

/// <summary>The table of every setting (seed 000's flags, environment variables and file keys, plus Vrsky's own).</summary>
public static class TokenWorkerSettings
{
    public const string ConfigFlag = "config";
    public const string ConfigEnvironmentVariable = "TOKEN_WORKER_CONFIG";

    /// <summary>Set by the AppHost (<c>WithReference(nats)</c>); below <c>NATS_URL</c> in precedence.</summary>
    public const string NatsConnectionStringVariable = "ConnectionStrings__nats";

    public static readonly IReadOnlyList<TokenWorkerSetting> All =
    [
        new("environment", ["ENVIRONMENT"], "environment", "production", "Deployment environment name (informational)",
            (o, v) => o.Environment = NotEmpty(v)),
        new("log-level", ["LOG_LEVEL"], "logLevel", "info", "Log level: debug, info, warn, error",
            (o, v) => o.LogLevel = OneOf(v, "debug", "info", "warn", "error")),
        new("nats-url", ["NATS_URL"], "nats.url", "nats://localhost:4222",
            $"NATS server URL(s), comma-separated; under the AppHost {NatsConnectionStringVariable} supplies it",
            (o, v) => o.Nats.Url = NatsUrl(v)),
        new("allow-reconnect", ["ALLOW_RECONNECT"], "nats.allowReconnect", "true", "Reconnect to NATS after a lost connection",
            (o, v) => o.Nats.AllowReconnect = Bool(v), IsSwitch: true),
        new("max-reconnect", ["MAX_RECONNECT"], "nats.maxReconnect", "10", "Reconnect attempts per server before giving up",
            (o, v) => o.Nats.MaxReconnect = Int(v, min: 0)),
        new("reconnect-wait", ["RECONNECT_WAIT"], "nats.reconnectWait", "5", "Seconds between reconnect attempts",
            (o, v) => o.Nats.ReconnectWait = Seconds(v, allowZero: true)),
        new("subject", ["TOKEN_SUBJECT"], "nats.subject", "token.request", "NATS subject of token requests",
            (o, v) => o.Subject = Subject(v)),
        new("queue", ["QUEUE_GROUP"], "nats.queueGroup", "token-workers", "NATS queue group shared by all workers",
            (o, v) => o.QueueGroup = Subject(v)),
        new("name-suffix", ["WORKER_NAME_SUFFIX"], "nameSuffix", "(none)", "Suffix of the NATS client name 'Token Worker-<suffix>'",
            (o, v) => o.NameSuffix = NameSuffix(v)),
        new("pod-name", ["POD_NAME"], null, "(none)", "Kubernetes pod name; the name suffix when none is given",
            (o, v) => o.PodName = NameSuffix(v)),
        new("idp-url", ["IDP_URL"], "idp.url", "https://idp.example.com", "Base URL of the identity provider",
            (o, v) => o.Idp.Url = HttpUrl(v)),
        new("idp-token-path", ["IDP_TOKEN_PATH"], "idp.tokenPath", "/realms/phoenix/protocol/openid-connect/token",
            "Path of the OAuth 2.0 token endpoint under the IdP URL",
            (o, v) => o.Idp.TokenPath = Path(v)),
        new("idp-timeout", ["IDP_TIMEOUT"], "idp.timeout", "5", "Seconds one token endpoint call may take",
            (o, v) => o.Idp.Timeout = Seconds(v)),
        new("idp-auth-method", ["IDP_AUTH_METHOD"], "idp.authMethod", IdpAuthMethods.ClientSecretPost,
            "Client authentication: client_secret_post or client_secret_basic",
            (o, v) => o.Idp.AuthMethod = OneOf(v, IdpAuthMethods.ClientSecretPost, IdpAuthMethods.ClientSecretBasic)),
        new("idp-max-attempts", ["IDP_MAX_ATTEMPTS"], "idp.maxAttempts", "3", "Token endpoint calls per request at most (transient failures are retried)",
            (o, v) => o.Idp.MaxAttempts = Int(v, min: 1, max: 10)),
        new("idp-retry-delay", ["IDP_RETRY_DELAY"], "idp.retryDelay", "0.2", "Seconds before the first retry, doubled per retry, with jitter",
            (o, v) => o.Idp.RetryDelay = Seconds(v, allowZero: true)),
        new("request-timeout", ["REQUEST_TIMEOUT"], "requestTimeout", "10", "Seconds to answer one request, retries included",
            (o, v) => o.RequestTimeout = Seconds(v)),
        new("max-concurrency", ["MAX_CONCURRENCY"], "maxConcurrency", "64", "Requests handled at once",
            (o, v) => o.MaxConcurrency = Int(v, min: 1, max: 10_000)),
        new("max-request-bytes", ["MAX_REQUEST_BYTES"], "maxRequestBytes", "16384", "Largest request payload accepted",
            (o, v) => o.MaxRequestBytes = Int(v, min: 64, max: 1024 * 1024)),
        new("drain-timeout", ["DRAIN_TIMEOUT"], "drainTimeout", "20", "Seconds SIGTERM waits for in-flight requests",
            (o, v) => o.DrainTimeout = Seconds(v)),
        new("cache-margin", ["CACHE_SAFETY_MARGIN"], "cache.safetyMargin", "30",
            "Seconds before expires_in at which a cached token stops being served (at most half its lifetime)",
            (o, v) => o.Cache.SafetyMargin = Seconds(v, allowZero: true)),
        new("cache-max-entries", ["CACHE_MAX_ENTRIES"], "cache.maxEntries", "10000", "Cached tokens at most",
            (o, v) => o.Cache.MaxEntries = Int(v, min: 1)),
    ];

    private static string NotEmpty(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new TokenWorkerConfigurationException("must not be empty") : value.Trim();

    private static string OneOf(string value, params string[] allowed)
    {
        var normalized = value.Trim().ToLowerInvariant();
        if (normalized == "warning")
        {
            normalized = "warn";
        }

        return allowed.Contains(normalized)
            ? normalized
            : throw new TokenWorkerConfigurationException($"expected one of {string.Join(", ", allowed)}");
    }

    private static bool Bool(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new TokenWorkerConfigurationException("expected true or false"),
    };

    private static int Int(string value, int min, int max = int.MaxValue)
    {
        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw new TokenWorkerConfigurationException("expected a whole number");
        }

        return number < min
            ? throw new TokenWorkerConfigurationException(min == 0 ? "must not be negative" : $"must be at least {min}")
            : number > max
                ? throw new TokenWorkerConfigurationException($"must be at most {max}")
                : number;
    }

    /// <summary>Seconds as a number (<c>5</c>, <c>0.5</c>) or with a unit (<c>500ms</c>, <c>5s</c>, <c>2m</c>).</summary>
    private static TimeSpan Seconds(string value, bool allowZero = false)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            || double.IsNaN(amount) || double.IsInfinity(amount))
        {
            throw new TokenWorkerConfigurationException("expected a number of seconds (or 500ms, 5s, 2m)");
        }

        var seconds = amount * scale;
        if (seconds < 0 || (seconds == 0 && !allowZero))
        {
            throw new TokenWorkerConfigurationException(allowZero ? "must not be negative" : "must be positive");
        }

        return seconds > 24 * 3600
            ? throw new TokenWorkerConfigurationException("must be at most a day")
            : TimeSpan.FromSeconds(seconds);
    }

    private static string NatsUrl(string value)
    {
        try
        {
            _ = NatsOpts.FromConnectionString(value);
            return value.Trim();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or NatsException)
        {
            throw new TokenWorkerConfigurationException($"not a NATS URL ({e.Message})");
        }
    }

    private static string HttpUrl(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new TokenWorkerConfigurationException("expected an absolute http:// or https:// URL");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new TokenWorkerConfigurationException("must not carry credentials, a query or a fragment");
        }

        return value.Trim().TrimEnd('/');
    }

    private static string Path(string value)
    {
        var path = value.Trim();
        return path.StartsWith('/') && !path.Contains('?') && !path.Contains('#') && Uri.IsWellFormedUriString(path, UriKind.Relative)
            ? path
            : throw new TokenWorkerConfigurationException("expected a path starting with '/'");
    }

    private static string Subject(string value)
    {
        var subject = value.Trim();
        return subject.Length > 0 && !subject.Any(char.IsWhiteSpace) && !subject.StartsWith('.') && !subject.EndsWith('.') && !subject.Contains("..")
            ? subject
            : throw new TokenWorkerConfigurationException("expected a NATS subject (tokens separated by '.', no spaces)");
    }

    private static string? NameSuffix(string value)
    {
        var suffix = value.Trim();
        return suffix.Length == 0 ? null
            : suffix.Length > 128 || suffix.Any(char.IsControl) ? throw new TokenWorkerConfigurationException("expected at most 128 printable characters")
            : suffix;
    }
}
