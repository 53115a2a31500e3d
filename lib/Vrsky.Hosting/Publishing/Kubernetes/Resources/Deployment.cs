namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record Deployment(ObjectMeta Metadata, DeploymentSpec Spec) : IKubernetesObject
{
    public string ApiVersion => "apps/v1";

    public string Kind => "Deployment";
}

public sealed record DeploymentSpec
{
    public required int Replicas { get; init; }

    public int? RevisionHistoryLimit { get; init; }

    public required LabelSelector Selector { get; init; }

    public required PodTemplateSpec Template { get; init; }
}
