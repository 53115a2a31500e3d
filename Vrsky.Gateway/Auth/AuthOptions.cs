namespace Vrsky.Gateway.Auth;

/// <summary>Token and password settings, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public string Issuer { get; set; } = "vrsky-gateway";

    public string Audience { get; set; } = "vrsky-chat";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// An ES256 private key (PKCS#8, base64) to sign with. When empty, the replicas share one generated key kept in
    /// the <c>chat</c> database, so a token from one replica is valid on every other.
    /// </summary>
    public string? SigningKey { get; set; }
}
