namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record ServiceAccount(ObjectMeta Metadata) : IKubernetesObject
{
    public string ApiVersion => "v1";

    public string Kind => "ServiceAccount";

    /// <summary>Pods opt in to the token (<see cref="PodSpec.AutomountServiceAccountToken"/>), so the account never mounts it everywhere.</summary>
    public bool AutomountServiceAccountToken => false;
}

public sealed record Role(ObjectMeta Metadata, List<PolicyRule> Rules) : IKubernetesObject
{
    public string ApiVersion => "rbac.authorization.k8s.io/v1";

    public string Kind => "Role";
}

public sealed record PolicyRule(List<string> ApiGroups, List<string> Resources, List<string> Verbs);

public sealed record RoleBinding(ObjectMeta Metadata, RoleRef RoleRef, List<RbacSubject> Subjects) : IKubernetesObject
{
    public string ApiVersion => "rbac.authorization.k8s.io/v1";

    public string Kind => "RoleBinding";
}

public sealed record RoleRef(string Name)
{
    public string ApiGroup => "rbac.authorization.k8s.io";

    public string Kind => "Role";
}

public sealed record RbacSubject(string Name, string Namespace)
{
    public string Kind => "ServiceAccount";
}
