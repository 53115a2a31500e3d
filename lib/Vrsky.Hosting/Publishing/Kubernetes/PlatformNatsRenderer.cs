using System.Globalization;
using System.Text;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>A JetStream key-value bucket the platform will hold (its creator is the application, e.g. an init Job): name, maximum size in bytes.</summary>
public sealed record KeyValueBucket(string Name, long MaxBytes);

/// <summary>Settings of the platform NATS cluster (seed 002).</summary>
public sealed record PlatformNatsOptions
{
    /// <summary>StatefulSet and client Service name; the headless Service is <c>{Name}-headless</c>.</summary>
    public string Name { get; init; } = "nats-platform";

    public string Namespace { get; init; } = "vrsky-platform";

    public int Replicas { get; init; } = 3;

    public string Image { get; init; } = "docker.io/library/nats:2.10-alpine";

    public bool JetStream { get; init; } = true;

    public string UserName { get; init; } = "nats";

    /// <summary>Secret holding the client password under key <c>password</c>.</summary>
    public required string PasswordSecret { get; init; }

    /// <summary>What the JetStream volume is sized for (<see cref="PlatformNatsRenderer.StorageGi"/>).</summary>
    public IReadOnlyList<KeyValueBucket> Buckets { get; init; } = [];

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public ResourceRequirements Resources { get; init; } = ResourceRequirements.Of("2", "4Gi", "4", "8Gi");

    /// <summary>JetStream volume per pod, in GiB. Null sizes it from the buckets (at least 100 GiB).</summary>
    public int? StorageGi { get; init; }

    public string? StorageClassName { get; init; }
}

/// <summary>
/// The platform NATS cluster: config, client and headless Services, a StatefulSet with a JetStream volume per pod,
/// and a PodDisruptionBudget that keeps a quorum. The key-value buckets are not created here: the project that uses
/// them does, e.g. in its init Job (<c>PublishInitJob</c>), with its own settings.
/// </summary>
public static class PlatformNatsRenderer
{
    public const int ClientPort = 4222;
    public const int ClusterPort = 6222;
    public const int MonitorPort = 8222;
    private const long GiB = 1024L * 1024 * 1024;

    /// <summary>
    /// JetStream reserves each bucket's maximum size on every replica and refuses a bucket once the reservations
    /// exceed <c>max_file_store</c>, so the volume holds the sum of the buckets plus a quarter for other streams.
    /// </summary>
    public static int StorageGi(PlatformNatsOptions options)
    {
        if (options.StorageGi is { } fixedSize)
        {
            return fixedSize;
        }

        var needed = options.Buckets.Sum(b => b.MaxBytes) * 1.25 / GiB;
        return Math.Max(100, (int)Math.Ceiling(needed / 10) * 10);
    }

    /// <summary>What JetStream may use of the volume: 95%, leaving room for the file system.</summary>
    public static long MaxFileStoreBytes(PlatformNatsOptions options) => StorageGi(options) * GiB / 100 * 95;

    public static IReadOnlyList<IKubernetesObject> Render(PlatformNatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.Name;
        var ns = options.Namespace;
        var headless = $"{name}-headless";
        var labels = Labels.For(name, "platform-nats", [new("app", name)]);
        var selector = Labels.Selector(name);
        var configMap = new ConfigMap(Labels.Meta($"{name}-config", ns, labels), new StringMap { ["nats.conf"] = Config(options, headless) });

        var client = new Service(Labels.Meta(name, ns, labels), new ServiceSpec
        {
            Selector = selector,
            Ports = [new ServicePort("client", ClientPort, "client"), new ServicePort("monitor", MonitorPort, "monitor")],
        });
        var headlessService = new Service(Labels.Meta(headless, ns, labels), new ServiceSpec
        {
            ClusterIP = "None",
            // Peers must find each other before any of them is ready, or the cluster never forms.
            PublishNotReadyAddresses = true,
            Selector = selector,
            Ports =
            [
                new ServicePort("client", ClientPort, "client"),
                new ServicePort("cluster", ClusterPort, "cluster"),
                new ServicePort("monitor", MonitorPort, "monitor"),
            ],
        });

        var statefulSet = new StatefulSet(Labels.Meta(name, ns, labels), new StatefulSetSpec
        {
            ServiceName = headless,
            Replicas = options.Replicas,
            PodManagementPolicy = "Parallel",
            Selector = new LabelSelector { MatchLabels = selector },
            Template = new PodTemplateSpec(new ObjectMeta { Labels = labels }, new PodSpec
            {
                TerminationGracePeriodSeconds = 60,
                SecurityContext = new PodSecurityContext(1000, 1000, 1000),
                Containers =
                [
                    new Container
                    {
                        Name = "nats",
                        Image = options.Image,
                        Args = ["-c", "/etc/nats/nats.conf", .. options.ExtraArgs],
                        Ports =
                        [
                            new ContainerPort("client", ClientPort),
                            new ContainerPort("cluster", ClusterPort),
                            new ContainerPort("monitor", MonitorPort),
                        ],
                        Env =
                        [
                            EnvVar.FromField("POD_NAME", "metadata.name"),
                            EnvVar.FromSecret("NATS_PASSWORD", options.PasswordSecret, "password"),
                            // Keeps the Go heap below the container limit.
                            EnvVar.Literal("GOMEMLIMIT", "7GiB"),
                        ],
                        Resources = options.Resources,
                        StartupProbe = Probe.Http("/healthz", "monitor") with { PeriodSeconds = 5, FailureThreshold = 60 },
                        LivenessProbe = Probe.Http("/healthz?js-enabled-only=true", "monitor") with { PeriodSeconds = 30, FailureThreshold = 3 },
                        ReadinessProbe = Probe.Http("/healthz?js-server-only=true", "monitor") with { PeriodSeconds = 10 },
                        VolumeMounts =
                        [
                            new VolumeMount("config", "/etc/nats") { ReadOnly = true },
                            new VolumeMount("jetstream", "/data/jetstream"),
                        ],
                    },
                ],
                Volumes = [Volume.FromConfigMap("config", $"{name}-config")],
            }),
            VolumeClaimTemplates =
            [
                new PersistentVolumeClaim(new ObjectMeta { Name = "jetstream", Labels = labels }, new PersistentVolumeClaimSpec
                {
                    StorageClassName = options.StorageClassName,
                    Resources = new VolumeResourceRequirements(new StringMap { ["storage"] = $"{StorageGi(options)}Gi" }),
                }),
            ],
        });

        var budget = new PodDisruptionBudget(Labels.Meta(name, ns, labels), new PodDisruptionBudgetSpec
        {
            // Losing more than one of three peers loses the JetStream quorum.
            MaxUnavailable = 1,
            Selector = new LabelSelector { MatchLabels = selector },
        });

        return [configMap, client, headlessService, statefulSet, budget];
    }

    private static string Config(PlatformNatsOptions options, string headless)
    {
        var invariant = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("server_name: $POD_NAME\n");
        sb.Append(invariant, $"listen: 0.0.0.0:{ClientPort}\n");
        sb.Append(invariant, $"http: 0.0.0.0:{MonitorPort}\n");
        sb.Append("lame_duck_duration: 30s\n");
        sb.Append("authorization {\n");
        sb.Append(invariant, $"  user: {options.UserName}\n");
        sb.Append("  password: $NATS_PASSWORD\n");
        sb.Append("}\n");
        if (options.JetStream)
        {
            sb.Append("jetstream {\n");
            sb.Append("  store_dir: /data/jetstream\n");
            sb.Append("  max_memory_store: 1GB\n");
            sb.Append(invariant, $"  max_file_store: {MaxFileStoreBytes(options)}\n");
            sb.Append("}\n");
        }

        if (options.Replicas > 1)
        {
            sb.Append("cluster {\n");
            sb.Append(invariant, $"  name: {options.Name}\n");
            sb.Append(invariant, $"  listen: 0.0.0.0:{ClusterPort}\n");
            sb.Append("  routes: [\n");
            for (var i = 0; i < options.Replicas; i++)
            {
                sb.Append(invariant, $"    nats://{options.Name}-{i}.{headless}.{options.Namespace}.svc.cluster.local:{ClusterPort}\n");
            }

            sb.Append("  ]\n");
            sb.Append("}\n");
        }

        return sb.ToString();
    }
}
