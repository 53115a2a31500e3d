using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.Dashboard.Shared;

namespace Vrsky.Hosting.Dashboard.Auth;

/// <summary>
/// The browser token: <c>/login?t=…</c> (the link the AppHost prints) sets an HTTP-only cookie; API clients send
/// <c>Authorization: Bearer …</c>. Without either, pages redirect to the login page and the API answers 401.
/// The OTLP intake has its own key and the static assets are public.
/// </summary>
internal sealed class DashboardAuth(string browserToken)
{
    public const string CookieName = "vrsky_dashboard";
    public const int MaxTokenLength = 256;

    public void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (path.StartsWithSegments("/login") || path.StartsWithSegments("/assets") || path.StartsWithSegments("/v1") || Authorized(http))
            {
                await next(http).ConfigureAwait(false);
            }
            else if (path.StartsWithSegments("/api"))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            else
            {
                http.Response.Redirect("/login");
            }
        });
        app.MapGet("/login", (string? t, HttpContext http) => Login(t, http));
    }

    private IResult Login(string? token, HttpContext http)
    {
        if (token is null)
        {
            return LoginPage(null, StatusCodes.Status200OK);
        }

        if (!Matches(token))
        {
            return LoginPage("That token is not this run's dashboard token.", StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(CookieName, browserToken, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        return Results.Redirect("/");
    }

    private static IResult LoginPage(string? error, int statusCode) => Html.Page("Log in", "", $"""
        <form class="login" method="get" action="/login">
        <p>Open the login link the AppHost printed at start (<code>Login to the dashboard at …/login?t=…</code>), or paste its token.</p>
        {(error is null ? "" : $"<p class=\"error\">{Html.E(error)}</p>")}
        <label>Token <input name="t" type="password" autocomplete="off" maxlength="{MaxTokenLength}" autofocus></label> <button>Log in</button>
        </form>
        """, statusCode);

    public bool Authorized(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? Matches(header["Bearer ".Length..].Trim())
            : Matches(http.Request.Cookies[CookieName]);
    }

    private bool Matches(string? candidate) =>
        candidate is { Length: <= MaxTokenLength } &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(browserToken));
}
