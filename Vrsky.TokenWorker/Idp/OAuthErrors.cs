namespace Vrsky.TokenWorker.Idp;

/// <summary>Error codes of RFC 6749 §5.2, plus the two the worker adds for an unreachable or misbehaving IdP.</summary>
public static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";

    /// <summary>The IdP timed out, answered 5xx/429, or could not be reached, within the request's deadline.</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    /// <summary>The IdP answered something that is not an OAuth 2.0 token response.</summary>
    public const string ServerError = "server_error";
}

/// <summary>What one grant produced: a token or an OAuth error, never both.</summary>
public sealed record IdpResult
{
    public string? AccessToken { get; init; }

    public string TokenType { get; init; } = "Bearer";

    /// <summary>Lifetime the IdP granted, if it said.</summary>
    public TimeSpan? ExpiresIn { get; init; }

    public string? Scope { get; init; }

    public string? Error { get; init; }

    public string? ErrorDescription { get; init; }

    /// <summary>For errors: the IdP's HTTP status, or 503/502 for the worker's own codes.</summary>
    public int Status { get; init; } = 200;

    public bool IsSuccess => AccessToken is not null;

    public static IdpResult Failure(string error, string? description, int status) =>
        new() { Error = error, ErrorDescription = description, Status = status };
}
