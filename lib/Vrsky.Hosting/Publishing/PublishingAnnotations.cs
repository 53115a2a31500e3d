namespace Vrsky.Hosting.ApplicationModel;

/// <summary>How many replicas a deployment runs; local runs keep <see cref="ReplicaAnnotation"/>.</summary>
public sealed record PublishReplicasAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>
/// The pod's own name reaches the process as <c>POD_NAME</c> (Kubernetes downward API) and, when
/// <see cref="ArgumentFlag"/> is set, as the argument pair <c>{flag} $(POD_NAME)</c>.
/// </summary>
public sealed record PodNameAnnotation(string? ArgumentFlag) : IResourceAnnotation;

/// <summary>
/// Deploys a project as one workload per role (e.g. a single-replica Discord gateway and N workers), each with its
/// own replica count, sharing the project's image, configuration and secrets. <see cref="Environment"/> is what only
/// this role gets (values as in <c>WithEnvironment</c>): a secret one lands in the role's own Secret, so a credential
/// only one role needs never reaches the others.
/// </summary>
public sealed record DeploymentRoleAnnotation(string Role, int Replicas, IReadOnlyDictionary<string, object> Environment) : IResourceAnnotation;

/// <summary>
/// A JetStream key-value bucket the application keeps on this NATS server. Deployed, the server's volume is sized to
/// hold every such bucket; creating them is the application's job (e.g. an init Job, <see cref="InitJobAnnotation"/>).
/// </summary>
public sealed record KeyValueBucketAnnotation(string Bucket, long MaxBytes) : IResourceAnnotation;

/// <summary>
/// The project creates tenant NATS instances through the Kubernetes API. Deployed, it runs under its own service
/// account, allowed to manage their objects in the tenants namespace only, with the token mounted, and learns where
/// things are from variables starting with <see cref="SettingsPrefix"/>: <c>Namespace</c> (the tenants namespace),
/// <c>ClientNamespaces__0</c> (its own, where the tenants' workers run), <c>MonitorNamespace</c> and <c>MonitorApp</c>
/// (itself, which the instances let poll their monitoring port).
/// </summary>
public sealed record TenantNatsProvisionerAnnotation(string SettingsPrefix) : IResourceAnnotation;

/// <summary>Deployed, how long the project may take to start (its startup probe) before liveness checks can restart it.</summary>
public sealed record StartupGraceAnnotation(TimeSpan Grace) : IResourceAnnotation;

/// <summary>
/// Deployed, the project also runs once as Job <c>{project}-{Name}</c>: its own image with <see cref="Args"/> instead
/// of the service's arguments, the configuration its Deployment gets and of its secrets only <see cref="Secrets"/>
/// (e.g. the control plane's <c>platform init</c>, which creates the platform buckets once NATS is up, needs the NATS
/// connection string but not the database's or the admin key). Local runs ignore it.
/// </summary>
public sealed record InitJobAnnotation(string Name, IReadOnlyList<string> Args, IReadOnlyList<string> Secrets) : IResourceAnnotation;
