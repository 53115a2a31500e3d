using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenantId:guid}/audit", ListAsync).WithTags("Audit").WithName("ListAudit");
        return api;
    }

    /// <summary>Newest first; <c>limit</c> 1–1000 (default 100).</summary>
    private static async Task<IResult> ListAsync(Guid tenantId, int? limit, HttpContext http, TenantStore tenants, AuditLog audit)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.BadRequest("'limit' must be between 1 and 1000.");
        }

        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        return problem ?? TypedResults.Ok(await audit.ListAsync(tenantId, limit ?? 100, http.RequestAborted));
    }
}
