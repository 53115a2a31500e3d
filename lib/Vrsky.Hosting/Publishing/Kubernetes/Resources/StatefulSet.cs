namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record StatefulSet(ObjectMeta Metadata, StatefulSetSpec Spec) : IKubernetesObject
{
    public string ApiVersion => "apps/v1";

    public string Kind => "StatefulSet";
}

public sealed record StatefulSetSpec
{
    /// <summary>The (headless) service that gives each pod its DNS name.</summary>
    public required string ServiceName { get; init; }

    public required int Replicas { get; init; }

    public string? PodManagementPolicy { get; init; }

    public required LabelSelector Selector { get; init; }

    public required PodTemplateSpec Template { get; init; }

    public List<PersistentVolumeClaim>? VolumeClaimTemplates { get; init; }
}

/// <summary>A claim template: one volume per pod, kept when the pod moves.</summary>
public sealed record PersistentVolumeClaim(ObjectMeta Metadata, PersistentVolumeClaimSpec Spec);

public sealed record PersistentVolumeClaimSpec
{
    public List<string> AccessModes { get; init; } = ["ReadWriteOnce"];

    public string? StorageClassName { get; init; }

    public required VolumeResourceRequirements Resources { get; init; }
}

public sealed record VolumeResourceRequirements(StringMap Requests);
