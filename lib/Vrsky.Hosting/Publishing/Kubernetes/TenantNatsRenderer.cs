using System.Globalization;
using System.Text.RegularExpressions;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>Settings for tenant NATS instances (seed 001: NATS Core, one replica, no storage, isolated per instance).</summary>
public sealed record TenantNatsOptions
{
    public static TenantNatsOptions Default { get; } = new();

    /// <summary>Namespace the instances run in.</summary>
    public string Namespace { get; init; } = "vrsky-tenants";

    public string Image { get; init; } = "docker.io/library/nats:2.10-alpine";

    /// <summary>Other namespaces whose pods labelled with the tenant may connect (the instance's own namespace always may).</summary>
    public IReadOnlyList<string> ClientNamespaces { get; init; } = [];

    /// <summary>Namespace allowed to scrape the monitoring port.</summary>
    public string MonitoringNamespace { get; init; } = "vrsky-monitoring";

    /// <summary>Workloads elsewhere that poll the monitoring port too: the control plane's autoscaler reads <c>/varz</c> and <c>/connz</c>.</summary>
    public IReadOnlyList<TenantNatsMonitor> Monitors { get; init; } = [];

    public ResourceRequirements Resources { get; init; } = ResourceRequirements.Of("1", "2Gi", "2", "4Gi");
}

/// <summary>Pods labelled <c>app.kubernetes.io/name={App}</c> in <paramref name="Namespace"/>.</summary>
public sealed record TenantNatsMonitor(string Namespace, string App);

/// <summary>The one user a tenant instance accepts (the control plane gives every instance of a tenant the same).</summary>
public sealed record TenantNatsAuth(string User, string Password)
{
    /// <summary>Both are written into a quoted nats-server config string, so quotes, backslashes and control characters are refused.</summary>
    internal void ThrowIfInvalid()
    {
        foreach (var (value, name) in new[] { (User, nameof(User)), (Password, nameof(Password)) })
        {
            if (string.IsNullOrEmpty(value) || value.Length > 256 || value.Any(c => c is '"' or '\\' || char.IsControl(c)))
            {
                throw new ArgumentException($"The tenant NATS {name.ToLowerInvariant()} must be 1 to 256 characters without quotes, backslashes or control characters.");
            }
        }
    }
}

/// <summary>The Deployment, Service and NetworkPolicy of one tenant NATS instance, and the Secret holding its credentials when it has any.</summary>
public sealed record TenantNatsObjects(Deployment Deployment, Service Service, NetworkPolicy NetworkPolicy, Secret? Secret = null)
{
    /// <summary>In apply order: the Secret exists before the pods that mount it.</summary>
    public IReadOnlyList<IKubernetesObject> All => Secret is null ? [Deployment, Service, NetworkPolicy] : [Secret, Deployment, Service, NetworkPolicy];

    public string ToYaml() => KubernetesYaml.Serialize(All);
}

/// <summary>
/// Renders tenant NATS instance <c>nats-{tenant}-{n}</c>. The Kubernetes publisher and the control plane's
/// Kubernetes provisioner both call this, so a provisioned instance looks exactly like a published one.
/// Each instance has its own NetworkPolicy, so removing instance 2 never opens or closes instance 1.
/// </summary>
public static partial class TenantNatsRenderer
{
    public const int ClientPort = 4222;
    public const int MonitorPort = 8222;
    public const string TenantLabel = "tenant-id";
    public const string InstanceLabel = "instance-num";
    private const string AuthDirectory = "/etc/nats-auth";
    private const string AuthFile = "auth.conf";

    /// <summary>Deployment and Service name, e.g. <c>nats-demo-tenant-1</c>.</summary>
    public static string Name(string tenantSlug, int instanceNumber)
    {
        ThrowIfInvalid(tenantSlug, instanceNumber);
        return $"nats-{tenantSlug}-{instanceNumber.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The in-cluster client URL, e.g. <c>nats://nats-demo-tenant-1.vrsky-tenants.svc.cluster.local:4222</c>.</summary>
    public static string ClientUrl(string tenantSlug, int instanceNumber, TenantNatsOptions? options = null) =>
        $"nats://{Name(tenantSlug, instanceNumber)}.{(options ?? TenantNatsOptions.Default).Namespace}.svc.cluster.local:{ClientPort}";

    /// <summary>
    /// With <paramref name="auth"/>, the instance accepts only that user: the credentials go into a Secret
    /// <c>nats-{tenant}-{n}-auth</c> as a config file the server reads, so they never appear in the pod spec or its arguments.
    /// </summary>
    public static TenantNatsObjects Render(string tenantSlug, int instanceNumber, TenantNatsOptions? options = null, TenantNatsAuth? auth = null)
    {
        options ??= TenantNatsOptions.Default;
        auth?.ThrowIfInvalid();
        var name = Name(tenantSlug, instanceNumber);
        var instance = instanceNumber.ToString(CultureInfo.InvariantCulture);
        var podLabels = new StringMap { ["app"] = "nats", [TenantLabel] = tenantSlug, [InstanceLabel] = instance };
        var labels = Labels.For(name, "tenant-nats", podLabels);
        var selector = new StringMap(podLabels);
        var secret = auth is null ? null : new Secret(Labels.Meta($"{name}-auth", options.Namespace, labels), new StringMap
        {
            [AuthFile] = $"authorization {{ user: \"{auth.User}\", password: \"{auth.Password}\" }}\n",
        });

        var deployment = new Deployment(Labels.Meta(name, options.Namespace, labels), new DeploymentSpec
        {
            Replicas = 1,
            RevisionHistoryLimit = 3,
            Selector = new LabelSelector { MatchLabels = selector },
            Template = new PodTemplateSpec(new ObjectMeta { Labels = labels }, new PodSpec
            {
                TerminationGracePeriodSeconds = 30,
                SecurityContext = new PodSecurityContext(1000, 1000, 1000),
                Containers =
                [
                    new Container
                    {
                        Name = "nats",
                        Image = options.Image,
                        // NATS Core only: no -js, nothing on disk.
                        Args =
                        [
                            .. secret is null ? [] : new[] { "-c", $"{AuthDirectory}/{AuthFile}" },
                            "--name", name, "-p", ClientPort.ToString(CultureInfo.InvariantCulture), "-m", MonitorPort.ToString(CultureInfo.InvariantCulture),
                        ],
                        Ports = [new ContainerPort("client", ClientPort), new ContainerPort("monitor", MonitorPort)],
                        Resources = options.Resources,
                        LivenessProbe = Probe.Http("/healthz", "monitor") with { InitialDelaySeconds = 10 },
                        ReadinessProbe = Probe.Http("/healthz", "monitor") with { PeriodSeconds = 5 },
                        VolumeMounts = secret is null ? null : [new VolumeMount("auth", AuthDirectory) { ReadOnly = true }],
                    },
                ],
                Volumes = secret is null ? null : [Volume.FromSecret("auth", $"{name}-auth")],
            }),
        });

        var service = new Service(Labels.Meta(name, options.Namespace, labels), new ServiceSpec
        {
            Selector = selector,
            Ports = [new ServicePort("client", ClientPort, "client"), new ServicePort("monitor", MonitorPort, "monitor")],
        });

        var sameTenant = new LabelSelector { MatchLabels = new StringMap { [TenantLabel] = tenantSlug } };
        List<NetworkPolicyPeer> clients =
        [
            new NetworkPolicyPeer { PodSelector = sameTenant },
            .. options.ClientNamespaces.Where(n => n != options.Namespace).Distinct().Order(StringComparer.Ordinal)
                .Select(n => new NetworkPolicyPeer { NamespaceSelector = NamespaceNamed(n), PodSelector = sameTenant }),
        ];
        var policy = new NetworkPolicy(Labels.Meta($"tenant-nats-isolation-{tenantSlug}-{instance}", options.Namespace, labels), new NetworkPolicySpec
        {
            PodSelector = new LabelSelector { MatchLabels = selector },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress =
            [
                new NetworkPolicyIngressRule(clients, [new NetworkPolicyPort("TCP", ClientPort)]),
                new NetworkPolicyIngressRule(
                    [
                        new NetworkPolicyPeer { NamespaceSelector = NamespaceNamed(options.MonitoringNamespace) },
                        .. options.Monitors.Distinct().Select(m => new NetworkPolicyPeer
                        {
                            NamespaceSelector = NamespaceNamed(m.Namespace),
                            PodSelector = new LabelSelector { MatchLabels = new StringMap { [Labels.Name] = m.App } },
                        }),
                    ],
                    [new NetworkPolicyPort("TCP", MonitorPort)]),
            ],
            Egress =
            [
                new NetworkPolicyEgressRule([new NetworkPolicyPeer { NamespaceSelector = NamespaceNamed("kube-system") }],
                    [new NetworkPolicyPort("UDP", 53), new NetworkPolicyPort("TCP", 53)]),
            ],
        });

        return new TenantNatsObjects(deployment, service, policy, secret);
    }

    private static LabelSelector NamespaceNamed(string name) =>
        new() { MatchLabels = new StringMap { ["kubernetes.io/metadata.name"] = name } };

    private static void ThrowIfInvalid(string tenantSlug, int instanceNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantSlug);
        ArgumentOutOfRangeException.ThrowIfLessThan(instanceNumber, 1);
        if (!Slug().IsMatch(tenantSlug))
        {
            throw new ArgumentException($"Tenant slug '{tenantSlug}' is invalid: use lower-case letters, digits and '-', starting with a letter.", nameof(tenantSlug));
        }

        // "tenant-nats-isolation-{slug}-{n}" is the longest name and must fit a 63-character label value.
        if ($"tenant-nats-isolation-{tenantSlug}-{instanceNumber}".Length > 63)
        {
            throw new ArgumentException($"Tenant slug '{tenantSlug}' is too long for instance {instanceNumber}: names must fit 63 characters.", nameof(tenantSlug));
        }
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Slug();
}
