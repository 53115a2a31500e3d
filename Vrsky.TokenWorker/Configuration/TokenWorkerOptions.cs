namespace Vrsky.TokenWorker.Configuration;

/// <summary>
/// Every setting of the token worker, resolved from defaults &lt; JSON file (<c>-config</c>) &lt; environment &lt; flags by
/// <see cref="TokenWorkerConfiguration"/>. Defaults are documented in <see cref="TokenWorkerSettings"/> (and <c>--help</c>).
/// </summary>
public sealed class TokenWorkerOptions
{
    public const string BaseClientName = "Token Worker";

    public string Environment { get; set; } = "production";

    /// <summary>debug, info, warn or error.</summary>
    public string LogLevel { get; set; } = "info";

    public string Subject { get; set; } = "token.request";

    public string QueueGroup { get; set; } = "token-workers";

    /// <summary>From <c>-name-suffix</c> or <c>WORKER_NAME_SUFFIX</c>.</summary>
    public string? NameSuffix { get; set; }

    /// <summary>From <c>POD_NAME</c>; the suffix when none is given.</summary>
    public string? PodName { get; set; }

    /// <summary>Requests handled at once; further messages wait in the subscription buffer.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Deadline for answering one request, IdP retries included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Larger request payloads are answered with <c>invalid_request</c>.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    /// <summary>How long SIGTERM waits for in-flight requests before the process stops anyway.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TokenWorkerNatsOptions Nats { get; set; } = new();

    public TokenWorkerIdpOptions Idp { get; set; } = new();

    public TokenWorkerCacheOptions Cache { get; set; } = new();

    /// <summary><c>Token Worker</c> or <c>Token Worker-&lt;suffix&gt;</c>, the suffix from the flag, WORKER_NAME_SUFFIX, else POD_NAME.</summary>
    public string ClientName =>
        (string.IsNullOrWhiteSpace(NameSuffix) ? PodName : NameSuffix) is { Length: > 0 } suffix && !string.IsNullOrWhiteSpace(suffix)
            ? $"{BaseClientName}-{suffix}"
            : BaseClientName;

    /// <summary>The token endpoint: <see cref="TokenWorkerIdpOptions.Url"/> + <see cref="TokenWorkerIdpOptions.TokenPath"/>.</summary>
    public Uri TokenEndpoint => new(Idp.Url.TrimEnd('/') + Idp.TokenPath, UriKind.Absolute);
}

public sealed class TokenWorkerNatsOptions
{
    /// <summary>Comma-separated server URLs, credentials allowed (<c>nats://user:pass@host:port</c>).</summary>
    public string Url { get; set; } = "nats://localhost:4222";

    public bool AllowReconnect { get; set; } = true;

    public int MaxReconnect { get; set; } = 10;

    public TimeSpan ReconnectWait { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class TokenWorkerIdpOptions
{
    public string Url { get; set; } = "https://idp.example.com";

    public string TokenPath { get; set; } = "/realms/phoenix/protocol/openid-connect/token";

    /// <summary>Timeout of one call to the token endpoint (the seed's <c>idp.timeout</c>, in seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>client_secret_post</c> (credentials in the form) or <c>client_secret_basic</c> (HTTP Basic).</summary>
    public string AuthMethod { get; set; } = IdpAuthMethods.ClientSecretPost;

    /// <summary>Calls per request at most (1 = no retry); retries only follow transient failures.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubled per attempt, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}

public sealed class TokenWorkerCacheOptions
{
    /// <summary>A token is served from the cache until <c>expires_in</c> minus this (at most half its lifetime).</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxEntries { get; set; } = 10_000;
}

public static class IdpAuthMethods
{
    public const string ClientSecretPost = "client_secret_post";
    public const string ClientSecretBasic = "client_secret_basic";
}
