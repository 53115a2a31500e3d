namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

/// <summary>An Opaque secret written with <c>stringData</c> (the API server base64-encodes it).</summary>
public sealed record Secret(ObjectMeta Metadata, StringMap StringData) : IKubernetesObject
{
    public string ApiVersion => "v1";

    public string Kind => "Secret";

    public string Type => "Opaque";
}
