namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record PodDisruptionBudget(ObjectMeta Metadata, PodDisruptionBudgetSpec Spec) : IKubernetesObject
{
    public string ApiVersion => "policy/v1";

    public string Kind => "PodDisruptionBudget";
}

public sealed record PodDisruptionBudgetSpec
{
    public int? MaxUnavailable { get; init; }

    public required LabelSelector Selector { get; init; }
}
