using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vrsky.Gateway.Auth;

/// <summary>
/// Issues and validates ES256 access tokens. Validation pins the algorithm and the <c>at+jwt</c> type and checks
/// issuer, audience, lifetime and signature, so <c>alg: none</c>, another algorithm, a tampered token or any
/// refresh token (opaque, not a JWT) is refused.
/// </summary>
internal sealed class AccessTokens(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string TokenType = "at+jwt";
    public const string UserIdClaim = "sub";
    public const string UserNameClaim = "name";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    public string Issue(long userId, string userName)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            TokenType = TokenType,
            Claims = new Dictionary<string, object>
            {
                [UserIdClaim] = userId.ToString(CultureInfo.InvariantCulture),
                [UserNameClaim] = userName,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>The token's identity, or null when it is not a valid access token.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        if (token.Length > 4096)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = options.Value.Audience,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                expires is { } exp && time.GetUtcNow().UtcDateTime < exp + parameters.ClockSkew
                && (notBefore is not { } nbf || nbf - parameters.ClockSkew <= time.GetUtcNow().UtcDateTime),
            NameClaimType = UserNameClaim,
        }).ConfigureAwait(false);
        return result.IsValid && result.ClaimsIdentity.FindFirst(UserIdClaim) is { } sub && long.TryParse(sub.Value, CultureInfo.InvariantCulture, out _)
            ? result.ClaimsIdentity
            : null;
    }
}
