using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>PostgreSQL, Redis and RabbitMQ: one-replica StatefulSets from their official images, data on a PVC.</summary>
internal sealed partial class KubernetesPublishingContext
{
    /// <summary>The official postgres, redis and rabbitmq images all run as uid/gid 999.</summary>
    private const int ImageUser = 999;

    private sealed record ServerSpec(string DataPath, string Storage, ResourceRequirements Resources, Probe Readiness, Probe Liveness)
    {
        public List<string>? Command { get; init; }

        public List<string>? Args { get; init; }

        public List<EnvVar> ExtraEnv { get; init; } = [];

        /// <summary>Writable scratch directories (name → path); the root file system stays read-only.</summary>
        public List<(string Name, string Path)> Scratch { get; init; } = [("tmp", "/tmp")];

        public List<(ConfigMap Map, string Path)> ConfigFiles { get; init; } = [];
    }

    private List<IKubernetesObject> RenderPostgres(PostgresServerResource postgres)
    {
        var databases = string.Concat(postgres.Databases.Select(d => $"CREATE DATABASE \"{d.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\";\n"));
        var initdb = new ConfigMap(Labels.Meta($"{postgres.Name}-initdb", _options.Namespace, Labels.For(postgres.Name)),
            new StringMap { ["10-create-databases.sql"] = databases });
        var ready = Probe.Command("pg_isready", "-U", postgres.UserName, "-h", "127.0.0.1");
        return RenderServer(postgres, new ServerSpec("/var/lib/postgresql/data", "10Gi", ResourceRequirements.Of("500m", "1Gi", "2", "4Gi"),
            ready with { PeriodSeconds = 5 }, ready with { PeriodSeconds = 20, InitialDelaySeconds = 30 })
        {
            ExtraEnv = [EnvVar.Literal("PGDATA", "/var/lib/postgresql/data/pgdata")],
            Scratch = [("tmp", "/tmp"), ("run", "/var/run/postgresql")],
            ConfigFiles = [(initdb, "/docker-entrypoint-initdb.d")],
        });
    }

    private List<IKubernetesObject> RenderRedis(RedisResource redis) =>
        RenderServer(redis, new ServerSpec("/data", "5Gi", ResourceRequirements.Of("100m", "256Mi", "500m", "1Gi"),
            Probe.Tcp("tcp") with { PeriodSeconds = 5 }, Probe.Tcp("tcp") with { PeriodSeconds = 20, InitialDelaySeconds = 10 })
        {
            // Append-only file with fsync every second: at most a second of writes lost on a crash.
            Command = ["/bin/sh", "-c"],
            Args = ["exec redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes --appendfsync everysec --dir /data"],
        });

    private List<IKubernetesObject> RenderRabbitMQ(RabbitMQServerResource rabbit) =>
        RenderServer(rabbit, new ServerSpec("/var/lib/rabbitmq", "5Gi", ResourceRequirements.Of("250m", "512Mi", "1", "2Gi"),
            Probe.Tcp("tcp") with { PeriodSeconds = 10, InitialDelaySeconds = 10 }, Probe.Tcp("tcp") with { PeriodSeconds = 30, InitialDelaySeconds = 60 }));

    private List<IKubernetesObject> RenderServer(IResource server, ServerSpec spec)
    {
        var name = server.Name;
        var ns = _options.Namespace;
        var labels = Labels.For(name);
        var selector = Labels.Selector(name);
        var conventions = ContainerConventions.For(server)
            ?? throw new DistributedApplicationException($"Resource '{name}' has no container image to deploy.");
        var secrets = new StringMap();
        var env = new List<EnvVar>();
        foreach (var (key, value) in conventions.Environment)
        {
            var resolved = _resolver.Resolve(value);
            if (resolved.IsSecret)
            {
                secrets[key] = resolved.Value;
                env.Add(EnvVar.FromSecret(key, $"{name}-secrets", key));
            }
            else
            {
                env.Add(EnvVar.Literal(key, resolved.Value));
            }
        }

        env.AddRange(spec.ExtraEnv);
        var endpoints = server.Annotations.OfType<EndpointAnnotation>().ToList();
        var objects = new List<IKubernetesObject>();
        if (secrets.Count > 0)
        {
            objects.Add(new Secret(Labels.Meta($"{name}-secrets", ns, labels), secrets));
        }

        objects.AddRange(spec.ConfigFiles.Select(f => f.Map));
        objects.Add(new Service(Labels.Meta(name, ns, labels), new ServiceSpec
        {
            Selector = selector,
            Ports = [.. endpoints.Select(e => new ServicePort(e.Name, Placement(server, e).Port, e.Name))],
        }));
        objects.Add(new StatefulSet(Labels.Meta(name, ns, labels), new StatefulSetSpec
        {
            ServiceName = name,
            Replicas = 1,
            Selector = new LabelSelector { MatchLabels = selector },
            Template = new PodTemplateSpec(new ObjectMeta { Labels = labels }, new PodSpec
            {
                TerminationGracePeriodSeconds = 60,
                SecurityContext = new PodSecurityContext(ImageUser, ImageUser, ImageUser),
                Containers =
                [
                    new Container
                    {
                        Name = name,
                        Image = conventions.Image,
                        Command = spec.Command,
                        Args = spec.Args,
                        Ports = [.. endpoints.Select(e => new ContainerPort(e.Name, Placement(server, e).TargetPort))],
                        Env = env,
                        Resources = spec.Resources,
                        ReadinessProbe = spec.Readiness,
                        LivenessProbe = spec.Liveness,
                        VolumeMounts =
                        [
                            new VolumeMount("data", spec.DataPath),
                            .. spec.Scratch.Select(s => new VolumeMount(s.Name, s.Path)),
                            .. spec.ConfigFiles.Select(f => new VolumeMount(f.Map.Metadata.Name!, f.Path) { ReadOnly = true }),
                        ],
                    },
                ],
                Volumes =
                [
                    .. spec.Scratch.Select(s => Volume.Scratch(s.Name)),
                    .. spec.ConfigFiles.Select(f => Volume.FromConfigMap(f.Map.Metadata.Name!, f.Map.Metadata.Name!)),
                ],
            }),
            VolumeClaimTemplates =
            [
                new PersistentVolumeClaim(new ObjectMeta { Name = "data", Labels = labels }, new PersistentVolumeClaimSpec
                {
                    Resources = new VolumeResourceRequirements(new StringMap { ["storage"] = spec.Storage }),
                }),
            ],
        }));
        return objects;
    }
}
