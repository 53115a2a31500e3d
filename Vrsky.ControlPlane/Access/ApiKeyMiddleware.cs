using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Access;

/// <summary>
/// Every <c>/api/v1</c> request needs a key: <c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>. A middleware
/// rather than an endpoint filter, because minimal APIs bind parameters before filters run: a caller without a key
/// must get 401, not learn from a 400 what the endpoint expects. Unknown routes under the prefix get 401 too.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var presented = Presented(http.Request);
        if (presented is null)
        {
            await Problems.Unauthorized("An API key is required: send it as 'X-Api-Key' or 'Authorization: Bearer'.").ExecuteAsync(http);
            return;
        }

        var caller = await keys.ResolveAsync(presented, http.RequestAborted);
        if (caller is null)
        {
            await Problems.Unauthorized("The API key is not valid.").ExecuteAsync(http);
            return;
        }

        caller.Attach(http);
        await next(http);
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } key)
        {
            return key.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}

internal static class ApiKeyMiddlewareExtensions
{
    /// <summary>Requires a key for every request under <paramref name="prefix"/>, before routing picks and binds an endpoint.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app, PathString prefix) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(prefix), api => api.UseMiddleware<ApiKeyMiddleware>());
}
