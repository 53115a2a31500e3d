namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

/// <summary>The kustomize entry file listing every output file.</summary>
public sealed record Kustomization(List<string> Resources)
{
    public string ApiVersion => "kustomize.config.k8s.io/v1beta1";

    public string Kind => "Kustomization";
}
