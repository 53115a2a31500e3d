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
/// own replica count and extra environment, sharing the project's image, configuration and secrets.
/// </summary>
public sealed record DeploymentRoleAnnotation(string Role, int Replicas, IReadOnlyDictionary<string, string> Environment) : IResourceAnnotation;

/// <summary>A JetStream key-value bucket that deployment creates on this NATS server (with the cluster's replication).</summary>
public sealed record KeyValueBucketAnnotation(string Bucket, TimeSpan Ttl, long MaxBytes) : IResourceAnnotation;
