namespace Vrsky.ControlPlane.Tenants;

public static class TenantStatus
{
    public const string Active = "active";
    public const string Suspended = "suspended";
}

public sealed record Tenant(Guid Id, string Slug, string Name, string Status, string Plan, int MaxIntegrations, DateTimeOffset CreatedAt);

/// <summary>Credentials of a tenant's NATS instances (every instance of a tenant shares them, so one joined URL works).</summary>
public sealed record TenantNatsCredentials(string User, string Password);
