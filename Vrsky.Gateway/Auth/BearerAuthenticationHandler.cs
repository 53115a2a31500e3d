using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Vrsky.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> access tokens (and <c>?token=</c> on the WebSocket path, since
/// browsers cannot set headers on a WebSocket). Failures answer 401 as problem details.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    public const string WebSocketPath = "/v1/ws";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await tokens.ValidateAsync(token).ConfigureAwait(false);
        if (identity is null)
        {
            GatewayLog.InvalidToken(Logger, Request.Path);
            return AuthenticateResult.Fail("invalid access token");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, SchemeName, AccessTokens.UserNameClaim, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.Equals(WebSocketPath, StringComparison.Ordinal) && Request.Query.TryGetValue("token", out var query)
            ? query.ToString()
            : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Problems.Unauthorized("A valid access token is required.").ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Problems.Forbidden("Not allowed.").ExecuteAsync(Context).ConfigureAwait(false);
}
