using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>
/// The one walker: visits each resource of the model once and renders its objects. Projects become Deployments
/// (per role where split), servers become StatefulSets, the NATS server the platform cluster; every value is resolved
/// through <see cref="KubernetesValueResolver"/>, secret ones into Secrets and the rest into ConfigMaps.
/// </summary>
internal sealed partial class KubernetesPublishingContext
{
    private const int DotNetAppUser = 1654;
    private const int DefaultHttpTargetPort = 8080;

    private readonly IReadOnlyList<IResource> _resources;
    private readonly KubernetesPublisherOptions _options;
    private readonly IConfiguration? _configuration;
    private readonly IReadOnlyDictionary<string, string> _previous;
    private readonly SortedDictionary<string, string> _parameterValues = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<IKubernetesObject>> _files = new(StringComparer.Ordinal);
    private readonly KubernetesValueResolver _resolver;
    private readonly DistributedApplicationExecutionContext _executionContext = new(DistributedApplicationOperation.Publish, "kubernetes");

    /// <summary>Per tenant with published instances, its NATS password: a generated secret parameter <c>nats-{tenant}-password</c>.</summary>
    private readonly SortedDictionary<string, ParameterResource> _tenantPasswords = new(StringComparer.Ordinal);

    public KubernetesPublishingContext(IReadOnlyList<IResource> resources, KubernetesPublisherOptions options,
        IConfiguration? configuration, IReadOnlyDictionary<string, string>? previous)
    {
        _resources = resources;
        _options = options;
        _configuration = configuration;
        _previous = previous ?? new Dictionary<string, string>();
        _resolver = new KubernetesValueResolver(resources, ParameterValue, Placement);
        foreach (var tenant in options.TenantNatsInstances.Select(i => i.Tenant).Distinct())
        {
            _tenantPasswords[tenant] = new ParameterResource($"nats-{tenant}-password", secret: true, new GeneratedParameterDefault(), () => null);
        }
    }

    public KubernetesManifests Render()
    {
        ThrowOnUnknownParameters();
        Add("namespaces.yaml", [.. new[] { _options.Namespace, _options.PlatformNamespace, _options.TenantsNamespace }
            .Select(n => new Namespace(new ObjectMeta { Name = n, Labels = new StringMap { [Labels.PartOf] = "vrsky", [Labels.ManagedBy] = "vrsky-apphost" } }))]);

        foreach (var resource in _resources)
        {
            switch (resource)
            {
                case ParameterResource or PostgresDatabaseResource:
                    break; // Parameters feed Secrets; databases are created by their server's init script.
                case ProjectResource project:
                    Add($"app/{project.Name}.yaml", RenderProject(project));
                    break;
                case NatsServerResource nats:
                    Add($"platform/{PlatformName(nats)}.yaml", RenderPlatformNats(nats));
                    break;
                case PostgresServerResource postgres:
                    Add($"app/{postgres.Name}.yaml", RenderPostgres(postgres));
                    break;
                case RedisResource redis:
                    Add($"app/{redis.Name}.yaml", RenderRedis(redis));
                    break;
                case RabbitMQServerResource rabbit:
                    Add($"app/{rabbit.Name}.yaml", RenderRabbitMQ(rabbit));
                    break;
                default:
                    throw new DistributedApplicationException(
                        $"The Kubernetes publisher cannot deploy resource '{resource.Name}' ({resource.GetType().Name}).");
            }
        }

        // Published instances look like provisioned ones: the provisioning project (the control plane) may poll them.
        var tenantOptions = new TenantNatsOptions
        {
            Namespace = _options.TenantsNamespace,
            ClientNamespaces = [_options.Namespace],
            Monitors = [.. _resources.Where(r => r.Annotations.OfType<TenantNatsProvisionerAnnotation>().Any())
                .Select(r => new TenantNatsMonitor(_options.Namespace, r.Name))],
        };
        foreach (var instance in _options.TenantNatsInstances.Distinct())
        {
            try
            {
                var name = TenantNatsRenderer.Name(instance.Tenant, instance.Instance);
                // Like the control plane's tenants: user = slug, one password for all of a tenant's instances, so its
                // clients join the instances' URLs with one set of credentials; no instance accepts anonymous clients.
                var auth = new TenantNatsAuth(instance.Tenant, ParameterValue(_tenantPasswords[instance.Tenant]));
                Add($"tenants/{name}.yaml", [.. TenantNatsRenderer.Render(instance.Tenant, instance.Instance, tenantOptions, auth).All]);
            }
            catch (ArgumentException e)
            {
                throw new DistributedApplicationException($"Tenant NATS instance {instance.Tenant}/{instance.Instance}: {e.Message}", e);
            }
        }

        ThrowOnSurvivingExpression();
        return new KubernetesManifests(_files, _parameterValues);
    }

    private List<IKubernetesObject> RenderProject(ProjectResource project)
    {
        var name = project.Name;
        var ns = _options.Namespace;
        var config = new StringMap();
        var secrets = new StringMap();
        foreach (var (key, value) in ProjectEnvironment.For(project, _executionContext))
        {
            var resolved = _resolver.Resolve(value);
            (resolved.IsSecret ? secrets : config)[key] = resolved.Value;
        }

        config["OTEL_SERVICE_NAME"] = name;
        var provisioner = project.Annotations.OfType<TenantNatsProvisionerAnnotation>().LastOrDefault();
        if (provisioner is not null)
        {
            config[$"{provisioner.SettingsPrefix}Namespace"] = _options.TenantsNamespace;
            config[$"{provisioner.SettingsPrefix}ClientNamespaces__0"] = ns;
            config[$"{provisioner.SettingsPrefix}MonitorNamespace"] = ns;
            config[$"{provisioner.SettingsPrefix}MonitorApp"] = name;
        }

        var podName = project.Annotations.OfType<PodNameAnnotation>().LastOrDefault();
        List<string> args = [.. ProjectEnvironment.Args(project).Select(a => ResolvePlain(a, $"an argument of '{name}'"))];
        if (podName?.ArgumentFlag is { } flag)
        {
            args.AddRange([flag, "$(POD_NAME)"]);
        }

        var http = project.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsHttp).ToList();
        var objects = new List<IKubernetesObject> { new ConfigMap(Labels.Meta($"{name}-config", ns, Labels.For(name)), config) };
        if (secrets.Count > 0)
        {
            objects.Add(new Secret(Labels.Meta($"{name}-secrets", ns, Labels.For(name)), secrets));
        }

        if (provisioner is not null)
        {
            objects.AddRange(TenantNatsAccess(name));
        }

        var roles = project.Annotations.OfType<DeploymentRoleAnnotation>().ToList();
        List<(string Name, string? Role, int Replicas, IReadOnlyDictionary<string, object> Env)> workloads = roles.Count > 0
            ? [.. roles.Select(r => ($"{name}-{r.Role}", (string?)r.Role, r.Replicas, r.Environment))]
            : [(name, null, Replicas(project), new Dictionary<string, object>())];
        foreach (var workload in workloads)
        {
            var labels = Labels.For(name, workload.Role);
            var selector = Labels.Selector(name, workload.Role);
            List<EnvVar> env = [];
            if (podName is not null)
            {
                env.Add(EnvVar.FromField("POD_NAME", "metadata.name"));
            }

            // What only this role gets: secret values go into the role's own Secret, which no other role references.
            var roleSecrets = new StringMap();
            foreach (var (key, value) in workload.Env)
            {
                var resolved = _resolver.Resolve(value);
                if (resolved.IsSecret)
                {
                    roleSecrets[key] = resolved.Value;
                    env.Add(EnvVar.FromSecret(key, $"{workload.Name}-secrets", key));
                }
                else
                {
                    env.Add(EnvVar.Literal(key, resolved.Value));
                }
            }

            if (roleSecrets.Count > 0)
            {
                objects.Add(new Secret(Labels.Meta($"{workload.Name}-secrets", ns, labels), roleSecrets));
            }

            env.AddRange(SharedSecretEnv(name, secrets, except: workload.Env.Keys));
            var probePort = http.FirstOrDefault()?.Name;
            var container = new Container
            {
                Name = workload.Role ?? name,
                Image = Image(name),
                Args = args.Count > 0 ? args : null,
                Ports = http.Count > 0 ? [.. http.Select(e => new ContainerPort(e.Name, Placement(project, e).TargetPort))] : null,
                Env = env.Count > 0 ? env : null,
                EnvFrom = SharedConfig(name),
                Resources = ResourceRequirements.Of("250m", "256Mi", "500m", "512Mi"),
                StartupProbe = probePort is null ? null : Probe.Http("/alive", probePort) with { PeriodSeconds = 2, FailureThreshold = StartupProbeFailures(project) },
                LivenessProbe = probePort is null ? null : Probe.Http("/alive", probePort),
                ReadinessProbe = probePort is null ? null : Probe.Http("/health", probePort) with { PeriodSeconds = 5 },
                VolumeMounts = [new VolumeMount("tmp", "/tmp")],
            };
            objects.Add(new Deployment(Labels.Meta(workload.Name, ns, labels), new DeploymentSpec
            {
                Replicas = workload.Replicas,
                RevisionHistoryLimit = 3,
                Selector = new LabelSelector { MatchLabels = selector },
                Template = new PodTemplateSpec(new ObjectMeta { Labels = labels }, new PodSpec
                {
                    AutomountServiceAccountToken = provisioner is not null,
                    ServiceAccountName = provisioner is null ? null : name,
                    TerminationGracePeriodSeconds = 30,
                    SecurityContext = new PodSecurityContext(DotNetAppUser, DotNetAppUser, DotNetAppUser),
                    Containers = [container],
                    Volumes = [Volume.Scratch("tmp")],
                }),
            }));
            if (workload.Replicas > 1)
            {
                objects.Add(Budget(workload.Name, ns, labels, selector));
            }
        }

        objects.AddRange(project.Annotations.OfType<InitJobAnnotation>().Select(init => InitJob(name, init, secrets)));
        if (http.Count > 0)
        {
            objects.Add(new Service(Labels.Meta(name, ns, Labels.For(name)), new ServiceSpec
            {
                Selector = Labels.Selector(name),
                Ports = [.. http.Select(e => new ServicePort(e.Name, Placement(project, e).Port, e.Name))],
            }));
        }

        return objects;
    }

    /// <summary>
    /// The project run once (<see cref="InitJobAnnotation"/>): its image with the job's arguments and the settings every
    /// workload of the project shares, as a pod of its own (its name label differs, so the project's Service and budget
    /// never select it) that restarts until the command succeeds.
    /// </summary>
    private Job InitJob(string project, InitJobAnnotation init, StringMap secrets)
    {
        var name = $"{project}-{init.Name}";
        // A misspelt name would render a Job without the setting, failing only once deployed.
        if (init.Secrets.FirstOrDefault(s => !secrets.ContainsKey(s)) is { } unknown)
        {
            throw new DistributedApplicationException(
                $"Init job '{name}' names secret '{unknown}', which '{project}' does not have (it has: {string.Join(", ", secrets.Keys)}).");
        }

        var labels = Labels.For(name, "init");
        return new Job(Labels.Meta(name, _options.Namespace, labels), new JobSpec
        {
            BackoffLimit = 5,
            // Finished Jobs are removed, so the next apply (a new image tag, changed settings) runs it again instead of
            // failing on the Job's immutable pod template; ten minutes leave time to read its log.
            TtlSecondsAfterFinished = 600,
            Template = new PodTemplateSpec(new ObjectMeta { Labels = labels }, new PodSpec
            {
                RestartPolicy = "OnFailure",
                SecurityContext = new PodSecurityContext(DotNetAppUser, DotNetAppUser, DotNetAppUser),
                Containers =
                [
                    new Container
                    {
                        Name = init.Name,
                        Image = Image(project),
                        Args = [.. init.Args],
                        Env = SharedSecretEnv(project, secrets, except: secrets.Keys.Except(init.Secrets, StringComparer.Ordinal)) is { Count: > 0 } env ? env : null,
                        EnvFrom = SharedConfig(project),
                        Resources = ResourceRequirements.Of("50m", "128Mi", "500m", "256Mi"),
                        VolumeMounts = [new VolumeMount("tmp", "/tmp")],
                    },
                ],
                Volumes = [Volume.Scratch("tmp")],
            }),
        });
    }

    /// <summary>
    /// Probes two seconds apart for a minute before liveness takes over, or for the project's declared start-up grace
    /// (<see cref="StartupGraceAnnotation"/>: a service that waits at start for a backing server still coming up).
    /// </summary>
    private static int StartupProbeFailures(ProjectResource project) =>
        (int)Math.Ceiling((project.Annotations.OfType<StartupGraceAnnotation>().LastOrDefault()?.Grace ?? TimeSpan.FromMinutes(1)).TotalSeconds / 2);

    /// <summary>The project's ConfigMap, whole: what every workload of the project (roles, init Jobs) reads.</summary>
    private static List<EnvFromSource> SharedConfig(string project) => [new EnvFromSource { ConfigMapRef = new NameReference($"{project}-config") }];

    /// <summary>Each key of the project's Secret by name, except those a role sets itself.</summary>
    private static List<EnvVar> SharedSecretEnv(string project, StringMap secrets, IEnumerable<string> except) =>
        [.. secrets.Keys.Except(except, StringComparer.Ordinal).Select(k => EnvVar.FromSecret(k, $"{project}-secrets", k))];

    /// <summary>
    /// A service account for the project and, in the tenants namespace, a Role over exactly the kinds a tenant
    /// instance consists of (server-side apply needs get, create and patch; deprovisioning delete) bound to it.
    /// </summary>
    private List<IKubernetesObject> TenantNatsAccess(string name)
    {
        List<string> verbs = ["get", "create", "patch", "delete"];
        var role = $"{name}-tenant-nats";
        var tenants = _options.TenantsNamespace;
        return
        [
            new ServiceAccount(Labels.Meta(name, _options.Namespace, Labels.For(name))),
            new Role(Labels.Meta(role, tenants, Labels.For(name)),
            [
                new PolicyRule([""], ["secrets", "services"], verbs),
                new PolicyRule(["apps"], ["deployments"], verbs),
                new PolicyRule(["networking.k8s.io"], ["networkpolicies"], verbs),
            ]),
            new RoleBinding(Labels.Meta(role, tenants, Labels.For(name)), new RoleRef(role), [new RbacSubject(name, _options.Namespace)]),
        ];
    }

    private List<IKubernetesObject> RenderPlatformNats(NatsServerResource nats)
    {
        var name = PlatformName(nats);
        var ns = _options.PlatformNamespace;
        var args = ProjectEnvironment.Args(nats).Select(a => ResolvePlain(a, $"an argument of '{nats.Name}'")).ToList();
        var options = new PlatformNatsOptions
        {
            Name = name,
            Namespace = ns,
            Replicas = nats.Annotations.OfType<PublishReplicasAnnotation>().LastOrDefault()?.Replicas ?? 3,
            Image = nats.Annotations.OfType<ContainerImageAnnotation>().Last().FullName,
            JetStream = args.Remove("-js") | args.Remove("--jetstream"),
            UserName = nats.UserName,
            PasswordSecret = $"{name}-auth",
            Buckets = [.. nats.Annotations.OfType<KeyValueBucketAnnotation>().Select(b => new KeyValueBucket(b.Bucket, b.MaxBytes))],
            ExtraArgs = args,
        };
        var secret = new Secret(Labels.Meta(options.PasswordSecret, ns, Labels.For(name)),
            new StringMap { ["password"] = ParameterValue(nats.PasswordParameter) });
        return [secret, .. PlatformNatsRenderer.Render(options)];
    }

    private int Replicas(ProjectResource project) =>
        project.Annotations.OfType<PublishReplicasAnnotation>().LastOrDefault()?.Replicas ?? project.Replicas;

    private string Image(string name) =>
        $"{(_options.ImageRegistry is { } registry ? registry + "/" : "")}{name}:{_options.ImageTag}";

    private static string PlatformName(NatsServerResource nats) => $"{nats.Name}-platform";

    private static PodDisruptionBudget Budget(string name, string ns, StringMap labels, StringMap selector) =>
        new(Labels.Meta(name, ns, labels), new PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new LabelSelector { MatchLabels = selector } });

    /// <summary>Where each endpoint lives: NATS in the platform namespace, everything else as a Service of the app namespace.</summary>
    private EndpointPlacement Placement(IResource resource, EndpointAnnotation endpoint)
    {
        var (service, ns) = resource is NatsServerResource nats ? (PlatformName(nats), _options.PlatformNamespace) : (resource.Name, _options.Namespace);
        var targetPort = endpoint.TargetPort ?? (resource is ProjectResource
            ? DefaultHttpTargetPort + resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.TargetPort is null).ToList().IndexOf(endpoint)
            : throw new DistributedApplicationException($"Endpoint '{endpoint.Name}' of '{resource.Name}' has no target port to deploy."));
        var port = resource is NatsServerResource ? targetPort : endpoint.Port ?? targetPort;
        return new EndpointPlacement(endpoint.UriScheme, $"{service}.{ns}.svc.cluster.local", port, targetPort);
    }

    private string ParameterValue(ParameterResource parameter)
    {
        if (_parameterValues.TryGetValue(parameter.Name, out var known))
        {
            return known;
        }

        var value = (_options.Parameters.TryGetValue(parameter.Name, out var given) ? given : null)
            ?? _configuration?[$"Parameters:{parameter.Name}"]
            ?? (_previous.TryGetValue(parameter.Name, out var previous) ? previous : null)
            ?? parameter.Generate?.NewValue()
            ?? throw new DistributedApplicationException(
                $"Parameter '{parameter.Name}' has no value: pass --parameter {parameter.Name}=VALUE or set configuration 'Parameters:{parameter.Name}'.");
        if (value.Contains('\n') || value.Contains('\r'))
        {
            throw new DistributedApplicationException($"Parameter '{parameter.Name}': values cannot contain line breaks.");
        }

        _parameterValues[parameter.Name] = value;
        return value;
    }

    /// <summary>Resolves a value that must not be secret (it would show in the pod spec).</summary>
    private string ResolvePlain(object value, string where)
    {
        var resolved = _resolver.Resolve(value);
        return resolved.IsSecret
            ? throw new DistributedApplicationException($"The Kubernetes publisher cannot put a secret into {where}; pass it through an environment variable.")
            : resolved.Value;
    }

    private void ThrowOnUnknownParameters()
    {
        var known = _resources.OfType<ParameterResource>().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (tenant, password) in _tenantPasswords)
        {
            if (!known.Add(password.Name))
            {
                throw new DistributedApplicationException(
                    $"The NATS password parameter '{password.Name}' of tenant '{tenant}' has the name of a parameter of this application; rename one of them.");
            }
        }

        foreach (var name in _options.Parameters.Keys.Order(StringComparer.Ordinal))
        {
            if (!known.Contains(name))
            {
                throw new DistributedApplicationException(
                    $"--parameter names '{name}', which is not a parameter of this application. Parameters: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private void ThrowOnSurvivingExpression()
    {
        foreach (var (path, objects) in _files)
        {
            var match = KubernetesValueResolver.FindExpression(KubernetesYaml.Serialize(objects));
            if (match.Success)
            {
                throw new DistributedApplicationException($"The Kubernetes publisher left the expression '{match.Value}' unresolved in {path}.");
            }
        }
    }

    private void Add(string path, List<IKubernetesObject> objects)
    {
        if (!_files.TryAdd(path, objects))
        {
            throw new DistributedApplicationException($"Two resources render to the same file '{path}'; rename one of them.");
        }
    }
}
