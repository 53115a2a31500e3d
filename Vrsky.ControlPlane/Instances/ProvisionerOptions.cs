namespace Vrsky.ControlPlane.Instances;

/// <summary>Bound from <c>ControlPlane:Provisioner</c>.</summary>
public sealed class ProvisionerOptions
{
    public const string Section = "ControlPlane:Provisioner";
    public const string Local = "local";
    public const string Kubernetes = "kubernetes";

    /// <summary><c>local</c> (a nats-server process per instance) or <c>kubernetes</c>.</summary>
    public string Kind { get; set; } = Local;

    /// <summary>How long a new instance may take to answer its health check.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // local

    public string NatsServerPath { get; set; } = "/usr/sbin/nats-server";

    /// <summary>Where each instance's config lives; default a fresh directory under the system temp path.</summary>
    public string? DataDirectory { get; set; }

    // kubernetes

    public string Namespace { get; set; } = "vrsky-tenants";

    /// <summary>Namespaces whose pods (labelled with the tenant) may connect, besides the instances' own.</summary>
    public string[] ClientNamespaces { get; set; } = [];

    public string? Image { get; set; }

    /// <summary>Where the control plane itself runs (namespace, <c>app.kubernetes.io/name</c>): instances let it poll their monitoring port.</summary>
    public string? MonitorNamespace { get; set; }

    public string? MonitorApp { get; set; }

    public string ApiServer { get; set; } = "https://kubernetes.default.svc";

    public string TokenPath { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>The cluster CA that signs the API server's certificate; when the file is missing the system trust store decides.</summary>
    public string CaCertificatePath { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    /// <summary>When set, manifests are written here as <c>nats-{slug}-{n}.yaml</c> instead of applied.</summary>
    public string? DryRunDirectory { get; set; }

    public string? Validate() =>
        Kind is not (Local or Kubernetes) ? $"ControlPlane:Provisioner:Kind must be '{Local}' or '{Kubernetes}', not '{Kind}'."
        : ReadyTimeout <= TimeSpan.Zero ? "ControlPlane:Provisioner:ReadyTimeout must be positive."
        : Kind == Kubernetes && DryRunDirectory is null && !Uri.TryCreate(ApiServer, UriKind.Absolute, out _) ? "ControlPlane:Provisioner:ApiServer must be an absolute URL."
        : null;
}
