using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Tenants;

namespace Vrsky.ControlPlane.Integrations;

public sealed record CreatedIntegration(Integration Integration, Guid? ProvisioningJobId);

public static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants/{tenantId:guid}/integrations").WithTags("Integrations");
        group.MapPost("/", CreateAsync).WithName("CreateIntegration");
        group.MapGet("/", ListAsync).WithName("ListIntegrations");
        group.MapGet("/{integrationId:guid}", GetAsync).WithName("GetIntegration");
        group.MapPut("/{integrationId:guid}", UpdateAsync).WithName("UpdateIntegration");
        group.MapDelete("/{integrationId:guid}", DeleteAsync).WithName("DeleteIntegration");
        return api;
    }

    private static async Task<IResult> CreateAsync(Guid tenantId, IntegrationRequest request, HttpContext http, TenantStore tenants, IntegrationStore store)
    {
        var (tenant, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        if (problem is not null)
        {
            return problem;
        }

        if (request.Validate(creating: true) is { } error)
        {
            return Problems.BadRequest(error);
        }

        var (integration, jobId, failure) = await store.CreateAsync(tenant!, request, ApiCaller.Of(http).Actor, http.RequestAborted);
        return failure switch
        {
            IntegrationError.None => TypedResults.Created($"/api/v1/tenants/{tenantId}/integrations/{integration!.Id}", new CreatedIntegration(integration, jobId)),
            IntegrationError.NameTaken => Problems.Conflict($"The tenant already has an integration named '{request.Name}'."),
            IntegrationError.TenantFull => Problems.Conflict($"The tenant reached its limit of {tenant!.MaxIntegrations} integrations."),
            _ => Problems.Conflict("The tenant is suspended."),
        };
    }

    /// <summary>In creation order, a page at a time (<see cref="Paging"/>); the cursor is the last id.</summary>
    private static async Task<IResult> ListAsync(Guid tenantId, int? limit, Guid? after, HttpContext http, TenantStore tenants, IntegrationStore store)
    {
        var (size, problem) = Paging.Limit(limit);
        problem ??= (await TenantAccess.FindAsync(http, tenants, tenantId)).Problem;
        if (problem is not null)
        {
            return problem;
        }

        var page = await store.ListAsync(tenantId, after, size + 1, http.RequestAborted);
        return Paging.Page(http, page, size, i => i.Id.ToString());
    }

    private static async Task<IResult> GetAsync(Guid tenantId, Guid integrationId, HttpContext http, TenantStore tenants, IntegrationStore store)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        if (problem is not null)
        {
            return problem;
        }

        var integration = await store.GetAsync(tenantId, integrationId, http.RequestAborted);
        return integration is null ? Problems.NotFound($"Integration '{integrationId}' does not exist.") : TypedResults.Ok(integration);
    }

    private static async Task<IResult> UpdateAsync(Guid tenantId, Guid integrationId, IntegrationRequest request, HttpContext http, TenantStore tenants, IntegrationStore store)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        if (problem is not null)
        {
            return problem;
        }

        if (request.Validate(creating: false) is { } error)
        {
            return Problems.BadRequest(error);
        }

        var (integration, failure) = await store.UpdateAsync(tenantId, integrationId, request, http.RequestAborted);
        return failure switch
        {
            IntegrationError.None => TypedResults.Ok(integration),
            IntegrationError.NameTaken => Problems.Conflict($"The tenant already has an integration named '{request.Name}'."),
            _ => Problems.NotFound($"Integration '{integrationId}' does not exist."),
        };
    }

    private static async Task<IResult> DeleteAsync(Guid tenantId, Guid integrationId, HttpContext http, TenantStore tenants, IntegrationStore store)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        if (problem is not null)
        {
            return problem;
        }

        return await store.DeleteAsync(tenantId, integrationId, ApiCaller.Of(http).Actor, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Integration '{integrationId}' does not exist.");
    }
}
