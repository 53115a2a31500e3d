namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

/// <summary>Non-secret configuration; never holds a value that came from a secret parameter.</summary>
public sealed record ConfigMap(ObjectMeta Metadata, StringMap Data) : IKubernetesObject
{
    public string ApiVersion => "v1";

    public string Kind => "ConfigMap";
}
