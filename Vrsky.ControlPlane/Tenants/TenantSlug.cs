using System.Text.RegularExpressions;

namespace Vrsky.ControlPlane.Tenants;

/// <summary>
/// A slug names the tenant's NATS instances (<c>nats-{slug}-{n}</c>) and Kubernetes objects, so it must be a DNS
/// label (RFC 1123: lower-case letters, digits, '-', alphanumeric at both ends) that starts with a letter, and short
/// enough that <c>tenant-nats-isolation-{slug}-{n}</c> still fits 63 characters for four-digit instance numbers.
/// </summary>
public static partial class TenantSlug
{
    public const int MaxLength = 36;

    /// <summary>Null when valid, otherwise why not.</summary>
    public static string? Validate(string? slug) => slug switch
    {
        null or "" => "'slug' is required.",
        { Length: > MaxLength } => $"'slug' must be at most {MaxLength} characters.",
        _ when !Label().IsMatch(slug) => $"'slug' must be a DNS label: lower-case letters, digits and '-', starting with a letter and not ending with '-'.",
        _ => null,
    };

    [GeneratedRegex("^[a-z]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Label();
}
