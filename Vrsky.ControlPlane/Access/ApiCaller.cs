namespace Vrsky.ControlPlane.Access;

/// <summary>Who made a request: the administrator, or one tenant (whose key sees only that tenant).</summary>
public sealed record ApiCaller(Guid? TenantId)
{
    private const string ItemKey = "vrsky.caller";

    public bool IsAdmin => TenantId is null;

    public string Actor => IsAdmin ? "admin" : $"tenant:{TenantId}";

    public bool CanAccess(Guid tenantId) => IsAdmin || TenantId == tenantId;

    public static ApiCaller Of(HttpContext context) =>
        context.Items[ItemKey] as ApiCaller ?? throw new InvalidOperationException("The API key middleware did not run.");

    internal void Attach(HttpContext context) => context.Items[ItemKey] = this;
}
