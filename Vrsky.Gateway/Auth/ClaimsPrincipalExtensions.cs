using System.Globalization;
using System.Security.Claims;

namespace Vrsky.Gateway.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id (the handler only admits tokens whose <c>sub</c> is one).</summary>
    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(AccessTokens.UserIdClaim)!, CultureInfo.InvariantCulture);
}
