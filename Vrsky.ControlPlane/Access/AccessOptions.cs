namespace Vrsky.ControlPlane.Access;

/// <summary>Bound from <c>ControlPlane</c>; the AppHost sets <c>ControlPlane__AdminKey</c> from parameter <c>controlplane-admin-key</c>.</summary>
public sealed class AccessOptions
{
    public const string Section = "ControlPlane";

    /// <summary>The key that may manage every tenant. Without one, only tenant keys work.</summary>
    public string? AdminKey { get; set; }
}
