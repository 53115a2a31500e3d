namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record NetworkPolicy(ObjectMeta Metadata, NetworkPolicySpec Spec) : IKubernetesObject
{
    public string ApiVersion => "networking.k8s.io/v1";

    public string Kind => "NetworkPolicy";
}

public sealed record NetworkPolicySpec
{
    public required LabelSelector PodSelector { get; init; }

    public required List<string> PolicyTypes { get; init; }

    public List<NetworkPolicyIngressRule>? Ingress { get; init; }

    public List<NetworkPolicyEgressRule>? Egress { get; init; }
}

public sealed record NetworkPolicyIngressRule(List<NetworkPolicyPeer> From, List<NetworkPolicyPort> Ports);

public sealed record NetworkPolicyEgressRule(List<NetworkPolicyPeer> To, List<NetworkPolicyPort> Ports);

/// <summary>Both selectors set means "pods with these labels in namespaces with those labels".</summary>
public sealed record NetworkPolicyPeer
{
    public LabelSelector? NamespaceSelector { get; init; }

    public LabelSelector? PodSelector { get; init; }
}

public sealed record NetworkPolicyPort(string Protocol, int Port);
