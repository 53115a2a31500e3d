using System.Globalization;
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

    /// <summary>
    /// Oldest change first, a page at a time (<see cref="Paging"/>); the cursor is an opaque revision. A letter
    /// changed after its page was read comes again on a later page.
    /// </summary>
    private static async Task<IResult> ListAsync(Guid tenantId, int? limit, string? after, HttpContext http, TenantStore tenants, DeadLetterQueue queue)
    {
        var (size, problem) = Paging.Limit(limit);
        var revision = 0UL;
        if (after is not null && !ulong.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out revision))
        {
            problem ??= Problems.BadRequest("'after' must be the cursor from the previous page's next link.");
        }

        problem ??= (await TenantAccess.FindAsync(http, tenants, tenantId)).Problem;
        if (problem is not null)
        {
            return problem;
        }

        var page = await queue.ListAsync(tenantId, revision, size + 1, http.RequestAborted);
        return Paging.Page(http, page, size, p => p.Revision.ToString(CultureInfo.InvariantCulture), p => p.Letter);
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
