using System.Globalization;
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

    /// <summary>Newest first, a page at a time (<see cref="Paging"/>); the cursor is the last record's id.</summary>
    private static async Task<IResult> ListAsync(Guid tenantId, int? limit, long? after, HttpContext http, TenantStore tenants, AuditLog audit)
    {
        var (size, problem) = Paging.Limit(limit);
        problem ??= (await TenantAccess.FindAsync(http, tenants, tenantId)).Problem;
        if (problem is not null)
        {
            return problem;
        }

        var page = await audit.ListAsync(tenantId, after, size + 1, http.RequestAborted);
        return Paging.Page(http, page, size, r => r.Id.ToString(CultureInfo.InvariantCulture));
    }
}
