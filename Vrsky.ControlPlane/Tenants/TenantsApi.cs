using Vrsky.ControlPlane.Access;
using Vrsky.ControlPlane.Audit;
using Vrsky.ControlPlane.Infrastructure;
using Vrsky.ControlPlane.Instances;

namespace Vrsky.ControlPlane.Tenants;

public sealed record CreateTenantRequest(string? Slug, string? Name, string? Plan, int? MaxIntegrations);

public sealed record CreatedTenant(Tenant Tenant, string ApiKey);

public static class TenantsApi
{
    public const int MaxNameLength = 200;

    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tenants").WithTags("Tenants");
        group.MapPost("/", CreateAsync).WithName("CreateTenant");
        group.MapGet("/", ListAsync).WithName("ListTenants");
        group.MapGet("/{tenantId:guid}", GetAsync).WithName("GetTenant");
        group.MapPost("/{tenantId:guid}/suspend", SuspendAsync).WithName("SuspendTenant");
        group.MapPost("/{tenantId:guid}/resume", ResumeAsync).WithName("ResumeTenant");
        group.MapDelete("/{tenantId:guid}", DeleteAsync).WithName("DeleteTenant");
        return api;
    }

    private static async Task<IResult> CreateAsync(CreateTenantRequest request, HttpContext http, TenantStore tenants, AuditLog audit)
    {
        var caller = ApiCaller.Of(http);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only the admin key creates tenants.");
        }

        if (TenantSlug.Validate(request.Slug) is { } slugError)
        {
            return Problems.BadRequest(slugError);
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? request.Slug! : request.Name.Trim();
        var plan = string.IsNullOrWhiteSpace(request.Plan) ? "standard" : request.Plan.Trim();
        if (name.Length > MaxNameLength || plan.Length > 50)
        {
            return Problems.BadRequest($"'name' must be at most {MaxNameLength} characters and 'plan' at most 50.");
        }

        if ((TextInput.ControlCharacters("name", name) ?? TextInput.ControlCharacters("plan", plan)) is { } textError)
        {
            return Problems.BadRequest(textError);
        }

        if (request.MaxIntegrations is < 1 or > 100_000)
        {
            return Problems.BadRequest("'max_integrations' must be between 1 and 100000.");
        }

        var created = await tenants.CreateAsync(request.Slug!, name, plan, request.MaxIntegrations ?? 1000, http.RequestAborted);
        if (created is not { } c)
        {
            return Problems.Conflict($"A tenant with slug '{request.Slug}' already exists.");
        }

        await audit.WriteAsync(new AuditEntry(c.Tenant.Id, null, caller.Actor, "tenant.created", "API request", new { c.Tenant.Slug, c.Tenant.Plan }), http.RequestAborted);
        return TypedResults.Created($"/api/v1/tenants/{c.Tenant.Id}", new CreatedTenant(c.Tenant, c.ApiKey));
    }

    /// <summary>By slug, a page at a time (<see cref="Paging"/>); the cursor is the last slug.</summary>
    private static async Task<IResult> ListAsync(int? limit, string? after, HttpContext http, TenantStore tenants)
    {
        var (size, problem) = Paging.Limit(limit);
        if (problem is not null)
        {
            return problem;
        }

        if (after is not null && TenantSlug.Validate(after) is not null)
        {
            return Problems.BadRequest("'after' must be the slug of the last tenant of the previous page.");
        }

        var page = await tenants.ListAsync(ApiCaller.Of(http).TenantId, after, size + 1, http.RequestAborted);
        return Paging.Page(http, page, size, t => t.Slug);
    }

    private static async Task<IResult> GetAsync(Guid tenantId, HttpContext http, TenantStore tenants)
    {
        var (tenant, problem) = await TenantAccess.FindAsync(http, tenants, tenantId);
        return problem ?? TypedResults.Ok(tenant);
    }

    private static Task<IResult> SuspendAsync(Guid tenantId, HttpContext http, TenantStore tenants, AuditLog audit) =>
        SetStatusAsync(tenantId, TenantStatus.Suspended, http, tenants, audit);

    private static Task<IResult> ResumeAsync(Guid tenantId, HttpContext http, TenantStore tenants, AuditLog audit) =>
        SetStatusAsync(tenantId, TenantStatus.Active, http, tenants, audit);

    private static async Task<IResult> SetStatusAsync(Guid tenantId, string status, HttpContext http, TenantStore tenants, AuditLog audit)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId, adminOnly: true);
        if (problem is not null)
        {
            return problem;
        }

        var tenant = await tenants.SetStatusAsync(tenantId, status, http.RequestAborted);
        await audit.WriteAsync(new AuditEntry(tenantId, null, ApiCaller.Of(http).Actor, $"tenant.{status}", "API request", new { status }), http.RequestAborted);
        return tenant is null ? Problems.NotFound($"Tenant '{tenantId}' does not exist.") : TypedResults.Ok(tenant);
    }

    /// <summary>Stops every instance of the tenant first, so no server outlives its tenant's row.</summary>
    private static async Task<IResult> DeleteAsync(Guid tenantId, HttpContext http, TenantStore tenants, InstanceScaler scaler)
    {
        var (_, problem) = await TenantAccess.FindAsync(http, tenants, tenantId, adminOnly: true);
        if (problem is not null)
        {
            return problem;
        }

        return await scaler.DeleteTenantAsync(tenantId, ApiCaller.Of(http).Actor, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Tenant '{tenantId}' does not exist.");
    }
}
