namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record Service(ObjectMeta Metadata, ServiceSpec Spec) : IKubernetesObject
{
    public string ApiVersion => "v1";

    public string Kind => "Service";
}

public sealed record ServiceSpec
{
    public string? Type { get; init; }

    /// <summary><c>None</c> makes the service headless (per-pod DNS records, as StatefulSet peers need).</summary>
    public string? ClusterIP { get; init; }

    public bool? PublishNotReadyAddresses { get; init; }

    public required StringMap Selector { get; init; }

    public required List<ServicePort> Ports { get; init; }
}

/// <summary>A service port; <see cref="TargetPort"/> names the container port.</summary>
public sealed record ServicePort(string Name, int Port, string TargetPort)
{
    public string Protocol => "TCP";
}
