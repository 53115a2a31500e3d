using System.Security.Cryptography;
using System.Text;

namespace Vrsky.TokenWorker.Caching;

/// <summary>
/// What a cached token is bound to: the token endpoint, the client id, a digest of the client secret, the scope (as a
/// set: order and repeats do not matter, RFC 6749 §3.3) and the audience. Knowing a client id is not enough to get its token.
/// </summary>
public readonly record struct TokenCacheKey(string TokenEndpoint, string ClientId, string SecretDigest, string Scope, string Audience)
{
    /// <summary>
    /// <paramref name="secretKey"/> keys an HMAC-SHA-256 of the secret, so the digest kept in memory cannot be checked
    /// against guessed secrets without the process's random key.
    /// </summary>
    public static TokenCacheKey Create(Uri tokenEndpoint, string clientId, string clientSecret, string? scope, string? audience, byte[] secretKey)
    {
        var digest = HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(clientSecret));
        return new TokenCacheKey(tokenEndpoint.AbsoluteUri, clientId, Convert.ToBase64String(digest), NormalizeScope(scope), audience ?? "");
    }

    public static string NormalizeScope(string? scope) =>
        scope is null ? "" : string.Join(' ', scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Identifies the key in diagnostics without the digest.</summary>
    public override string ToString() => $"{ClientId} scope='{Scope}' audience='{Audience}'";
}
