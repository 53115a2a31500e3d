namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record Job(ObjectMeta Metadata, JobSpec Spec) : IKubernetesObject
{
    public string ApiVersion => "batch/v1";

    public string Kind => "Job";
}

public sealed record JobSpec
{
    public int? BackoffLimit { get; init; }

    public int? TtlSecondsAfterFinished { get; init; }

    public required PodTemplateSpec Template { get; init; }
}
