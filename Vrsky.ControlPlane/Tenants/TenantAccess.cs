using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Tenants;

/// <summary>The one place that decides whether a caller may touch a tenant: foreign keys get 403, unknown tenants 404.</summary>
public static class TenantAccess
{
    /// <summary>The tenant, or the problem to answer with.</summary>
    public static async Task<(Tenant? Tenant, IResult? Problem)> FindAsync(HttpContext http, TenantStore tenants, Guid tenantId, bool adminOnly = false)
    {
        var caller = ApiCaller.Of(http);
        if (adminOnly && !caller.IsAdmin)
        {
            return (null, Problems.Forbidden("This operation needs the admin key."));
        }

        // A tenant key learns nothing about other tenants, not even whether they exist.
        if (!caller.CanAccess(tenantId))
        {
            return (null, Problems.Forbidden("This API key belongs to another tenant."));
        }

        var tenant = await tenants.GetAsync(tenantId, http.RequestAborted);
        return tenant is null ? (null, Problems.NotFound($"Tenant '{tenantId}' does not exist.")) : (tenant, null);
    }
}
