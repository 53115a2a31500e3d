namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record Namespace(ObjectMeta Metadata) : IKubernetesObject
{
    public string ApiVersion => "v1";

    public string Kind => "Namespace";
}
