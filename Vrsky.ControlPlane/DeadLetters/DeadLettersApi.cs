using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.DeadLetters;

public static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId:guid}/dead-letters").WithTags("DeadLetters");
        group.MapGet("/", ListAsync).WithName("ListDeadLetters");
        group.MapGet("/{messageId}", GetAsync).WithName("GetDeadLetter");
        group.MapPost("/{messageId}/retry", RetryAsync).WithName("RetryDeadLetter");
        group.MapDelete("/{messageId}", DiscardAsync).WithName("DiscardDeadLetter");
        return api;
    }

    private static async Task<IResult> ListAsync(Guid tenantId, HttpContext http, TenantStore tenants, DeadLetterQueue queue)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        return problem ?? TypedResults.Ok(await queue.ListAsync(tenantId, http.RequestAborted));
    }

    private static async Task<IResult> GetAsync(Guid tenantId, string messageId, HttpContext http, TenantStore tenants, DeadLetterQueue queue) =>
        await CheckAsync(tenantId, messageId, http, tenants) ?? (await queue.GetAsync(tenantId, messageId, http.RequestAborted) is { } letter
            ? TypedResults.Ok(letter)
            : Missing(messageId));

    private static async Task<IResult> RetryAsync(Guid tenantId, string messageId, HttpContext http, TenantStore tenants, DeadLetterQueue queue)
    {
        if (await CheckAsync(tenantId, messageId, http, tenants) is { } problem)
        {
            return problem;
        }

        return await queue.RetryAsync(tenantId, messageId, http.RequestAborted) switch
        {
            (false, _) => Missing(messageId),
            (true, { } refusal) => Problems.Conflict($"Dead letter '{messageId}' cannot be replayed: {refusal} It can only be discarded."),
            _ => TypedResults.Accepted((string?)null, new { message_id = messageId, state = MessageStates.Received }),
        };
    }

    private static async Task<IResult> DiscardAsync(Guid tenantId, string messageId, HttpContext http, TenantStore tenants, DeadLetterQueue queue) =>
        await CheckAsync(tenantId, messageId, http, tenants) ?? (await queue.DiscardAsync(tenantId, messageId, http.RequestAborted)
            ? TypedResults.NoContent()
            : Missing(messageId));

    private static async Task<IResult?> CheckAsync(Guid tenantId, string messageId, HttpContext http, TenantStore tenants)
    {
        if (!MessageId.IsValid(messageId))
        {
            return Problems.BadRequest($"Message id must be up to {MessageId.MaxLength} letters, digits, '-' or '_'.");
        }

        return (await TenantAccess.FindAsync(http, tenants, tenantId)).Problem;
    }

    private static IResult Missing(string messageId) => Problems.NotFound($"No dead letter '{messageId}'.");
}
