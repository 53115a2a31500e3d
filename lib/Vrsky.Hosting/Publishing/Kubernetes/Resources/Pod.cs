namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

public sealed record PodTemplateSpec(ObjectMeta Metadata, PodSpec Spec);

public sealed record PodSpec
{
    public bool? AutomountServiceAccountToken { get; init; } = false;

    public string? ServiceAccountName { get; init; }

    public string? RestartPolicy { get; init; }

    public int? TerminationGracePeriodSeconds { get; init; }

    public required PodSecurityContext SecurityContext { get; init; }

    public required List<Container> Containers { get; init; }

    public List<Volume>? Volumes { get; init; }
}

/// <summary>Pod-wide: never root, a fixed non-root user and group, the runtime's default seccomp profile.</summary>
public sealed record PodSecurityContext(long RunAsUser, long RunAsGroup, long FsGroup)
{
    public bool RunAsNonRoot => true;

    public SeccompProfile SeccompProfile { get; init; } = new("RuntimeDefault");
}

public sealed record SeccompProfile(string Type);

public sealed record Container
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    public List<string>? Command { get; init; }

    public List<string>? Args { get; init; }

    public List<ContainerPort>? Ports { get; init; }

    public List<EnvVar>? Env { get; init; }

    public List<EnvFromSource>? EnvFrom { get; init; }

    public required ResourceRequirements Resources { get; init; }

    public Probe? StartupProbe { get; init; }

    public Probe? LivenessProbe { get; init; }

    public Probe? ReadinessProbe { get; init; }

    public ContainerSecurityContext SecurityContext { get; init; } = new();

    public List<VolumeMount>? VolumeMounts { get; init; }
}

public sealed record ContainerPort(string Name, int Port)
{
    [System.Text.Json.Serialization.JsonPropertyName("containerPort")]
    public int Port { get; init; } = Port;

    public string Protocol => "TCP";
}

public sealed record EnvVar(string Name)
{
    public string? Value { get; init; }

    public EnvVarSource? ValueFrom { get; init; }

    public static EnvVar Literal(string name, string value) => new(name) { Value = value };

    public static EnvVar FromSecret(string name, string secret, string key) =>
        new(name) { ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector(secret, key) } };

    public static EnvVar FromField(string name, string fieldPath) =>
        new(name) { ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector(fieldPath) } };
}

public sealed record EnvVarSource
{
    public ObjectFieldSelector? FieldRef { get; init; }

    public KeySelector? ConfigMapKeyRef { get; init; }

    public KeySelector? SecretKeyRef { get; init; }
}

public sealed record ObjectFieldSelector(string FieldPath);

public sealed record KeySelector(string Name, string Key);

public sealed record EnvFromSource
{
    public NameReference? ConfigMapRef { get; init; }

    public NameReference? SecretRef { get; init; }
}

public sealed record NameReference(string Name);

public sealed record ResourceRequirements(StringMap Requests, StringMap Limits)
{
    public static ResourceRequirements Of(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new(
        new StringMap { ["cpu"] = cpuRequest, ["memory"] = memoryRequest },
        new StringMap { ["cpu"] = cpuLimit, ["memory"] = memoryLimit });
}

public sealed record Probe
{
    public HttpGetAction? HttpGet { get; init; }

    public TcpSocketAction? TcpSocket { get; init; }

    public ExecAction? Exec { get; init; }

    public int? InitialDelaySeconds { get; init; }

    public int PeriodSeconds { get; init; } = 10;

    public int TimeoutSeconds { get; init; } = 3;

    public int FailureThreshold { get; init; } = 3;

    public static Probe Http(string path, string port) => new() { HttpGet = new HttpGetAction(path, port) };

    public static Probe Tcp(string port) => new() { TcpSocket = new TcpSocketAction(port) };

    public static Probe Command(params string[] command) => new() { Exec = new ExecAction([.. command]) };
}

public sealed record HttpGetAction(string Path, string Port);

public sealed record TcpSocketAction(string Port);

public sealed record ExecAction(List<string> Command);

/// <summary>Per container: no privilege escalation, no capabilities, read-only root file system.</summary>
public sealed record ContainerSecurityContext
{
    public bool AllowPrivilegeEscalation => false;

    public bool ReadOnlyRootFilesystem => true;

    public bool RunAsNonRoot => true;

    public Capabilities Capabilities { get; init; } = new(["ALL"]);
}

public sealed record Capabilities(List<string> Drop);

public sealed record Volume(string Name)
{
    public EmptyDirVolumeSource? EmptyDir { get; init; }

    public ConfigMapVolumeSource? ConfigMap { get; init; }

    public SecretVolumeSource? Secret { get; init; }

    public static Volume Scratch(string name) => new(name) { EmptyDir = new EmptyDirVolumeSource() };

    public static Volume FromConfigMap(string name, string configMap) => new(name) { ConfigMap = new ConfigMapVolumeSource(configMap) };

    public static Volume FromSecret(string name, string secret) => new(name) { Secret = new SecretVolumeSource(secret) };
}

public sealed record EmptyDirVolumeSource;

public sealed record ConfigMapVolumeSource(string Name);

public sealed record SecretVolumeSource(string SecretName);

public sealed record VolumeMount(string Name, string MountPath)
{
    public bool? ReadOnly { get; init; }
}
