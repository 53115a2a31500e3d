using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Access;

/// <summary>Every <c>/api/v1</c> route needs a key: <c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>.</summary>
internal sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = Presented(http.Request);
        if (presented is null)
        {
            return Problems.Unauthorized("An API key is required: send it as 'X-Api-Key' or 'Authorization: Bearer'.");
        }

        var caller = await keys.ResolveAsync(presented, http.RequestAborted);
        if (caller is null)
        {
            return Problems.Unauthorized("The API key is not valid.");
        }

        caller.Attach(http);
        return await next(context);
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
