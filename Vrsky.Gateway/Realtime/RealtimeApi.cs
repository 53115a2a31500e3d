using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vrsky.Gateway.Auth;

namespace Vrsky.Gateway.Realtime;

internal static class RealtimeApi
{
    private static long s_nextConnectionId;

    public static IEndpointConventionBuilder MapRealtimeApi(this IEndpointRouteBuilder app) =>
        app.Map(BearerAuthenticationHandler.WebSocketPath, ConnectAsync).WithName("WebSocket").RequireAuthorization();

    private static async Task<IResult> ConnectAsync(
        HttpContext http, ClaimsPrincipal principal, [AsParameters] RealtimeSession.Deps deps, IOptions<RealtimeOptions> options, ILogger<RealtimeSession> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: send an upgrade request.");
        }

        var userId = principal.UserId();
        if (!await deps.RateLimiter.TryConnectAsync(userId, http.RequestAborted).ConfigureAwait(false))
        {
            return Problems.TooManyRequests($"At most {deps.RateLimiter.Limits.ConnectsPerMinute} connects per minute.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
        var connection = new ClientConnection(socket, userId, $"c{Interlocked.Increment(ref s_nextConnectionId)}", options.Value, logger);
        await new RealtimeSession(socket, connection, deps, options.Value, logger).RunAsync(http.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }
}
