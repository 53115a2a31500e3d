using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vrsky.Gateway.RateLimiting;

namespace Vrsky.Gateway.Auth;

public sealed record Credentials(string? Username, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record UserResponse(long Id, string Username);

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/auth").WithTags("Auth");
        group.MapPost("/register", RegisterAsync).WithName("Register");
        group.MapPost("/login", LoginAsync).WithName("Login");
        group.MapPost("/refresh", RefreshAsync).WithName("Refresh");
        group.MapPost("/logout", LogoutAsync).WithName("Logout").RequireAuthorization();
        return group;
    }

    /// <summary>A fresh access token and a refresh token (of <paramref name="family"/>, or a new family at login).</summary>
    private static async Task<TokenResponse> IssueAsync(Deps deps, long userId, string userName, Guid? family, CancellationToken cancellationToken) => new(
        deps.AccessTokens.Issue(userId, userName),
        await deps.RefreshTokens.IssueAsync(userId, family, cancellationToken).ConfigureAwait(false),
        "Bearer",
        (int)deps.AccessTokens.Lifetime.TotalSeconds);

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(
        Credentials body, HttpContext http, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (InputRules.ValidateCredentials(body) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        if (!await deps.RateLimiter.TryRegisterAsync(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken).ConfigureAwait(false))
        {
            return Problems.TooManyRequests("Too many registrations from this address; try again in a minute.");
        }

        var hash = await Task.Run(() => PasswordHasher.Hash(body.Password!), cancellationToken).ConfigureAwait(false);
        var id = await deps.Users.CreateAsync(body.Username!, hash, cancellationToken).ConfigureAwait(false);
        return id is { } userId
            ? TypedResults.Created($"/v1/users/{userId}", new UserResponse(userId, body.Username!))
            : Problems.Conflict("That username is taken.");
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(Credentials body, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (InputRules.ValidateCredentials(body) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        if (!await deps.RateLimiter.TryLoginAsync(body.Username!, cancellationToken).ConfigureAwait(false))
        {
            return Problems.TooManyRequests("Too many login attempts for this user; try again in a minute.");
        }

        var user = await deps.Users.FindAsync(body.Username!, cancellationToken).ConfigureAwait(false);
        var valid = await Task.Run(() => PasswordHasher.Verify(body.Password!, user?.PasswordHash), cancellationToken).ConfigureAwait(false);
        if (!valid || user is null)
        {
            return Problems.Unauthorized("Wrong username or password.");
        }

        return TypedResults.Ok(await IssueAsync(deps, user.Id, user.UserName, family: null, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(RefreshRequest body, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (body.RefreshToken is not { Length: > 0 and <= 256 } token)
        {
            return Problems.BadRequest("refreshToken is required.");
        }

        if (await deps.RefreshTokens.SpendAsync(token, cancellationToken).ConfigureAwait(false) is not { } spent
            || await deps.Users.FindAsync(spent.UserId, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problems.Unauthorized("The refresh token is invalid, expired or already used.");
        }

        return TypedResults.Ok(await IssueAsync(deps, user.Id, user.UserName, spent.Family, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(RefreshRequest body, ClaimsPrincipal principal, [AsParameters] Deps deps, CancellationToken cancellationToken)
    {
        if (body.RefreshToken is not { Length: > 0 and <= 256 } token)
        {
            return Problems.BadRequest("refreshToken is required.");
        }

        return await deps.RefreshTokens.RevokeFamilyAsync(principal.UserId(), token, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound("No such refresh token for this user.");
    }

    internal sealed record Deps(Users Users, AccessTokens AccessTokens, RefreshTokens RefreshTokens, RateLimiter RateLimiter);
}
