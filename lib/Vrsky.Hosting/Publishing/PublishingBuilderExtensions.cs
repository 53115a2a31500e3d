using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>Publish-time intent: what deployments need beyond what a local run uses.</summary>
public static class PublishingBuilderExtensions
{
    /// <summary>Runs <paramref name="replicas"/> replicas when deployed; the local run keeps <c>WithReplicas</c>.</summary>
    public static IResourceBuilder<T> PublishReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return builder.WithAnnotation(new PublishReplicasAnnotation(replicas));
    }

    /// <summary>
    /// Gives each deployed replica its pod name as <c>POD_NAME</c> and, with <paramref name="argumentFlag"/>,
    /// passes it as <c>{argumentFlag} $(POD_NAME)</c> (e.g. the token worker's <c>-name-suffix</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishWithPodName(this IResourceBuilder<ProjectResource> builder, string? argumentFlag = null) =>
        builder.WithAnnotation(new PodNameAnnotation(argumentFlag));

    /// <summary>
    /// Deployed, the project may manage tenant NATS instances (Deployments, Services, NetworkPolicies, Secrets) in the
    /// tenants namespace through the API server, and is told the namespaces in variables starting with
    /// <paramref name="settingsPrefix"/> (see <see cref="TenantNatsProvisionerAnnotation"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishAsTenantNatsProvisioner(this IResourceBuilder<ProjectResource> builder, string settingsPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsPrefix);
        return builder.WithAnnotation(new TenantNatsProvisionerAnnotation(settingsPrefix));
    }

    /// <summary>
    /// Deploys the project as a separate workload for this role, named <c>{project}-{role}</c>, with
    /// <paramref name="replicas"/> replicas and extra environment variables. Call once per role.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishAsRole(this IResourceBuilder<ProjectResource> builder, string role, int replicas,
        params (string Name, string Value)[] environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        if (builder.Resource.Annotations.OfType<DeploymentRoleAnnotation>().Any(r => r.Role == role))
        {
            throw new DistributedApplicationException($"Project '{builder.Resource.Name}' already has a deployment role '{role}'.");
        }

        builder.WithAnnotation(new DeploymentRoleAnnotation(role, replicas, new SortedDictionary<string, object>(StringComparer.Ordinal)));
        foreach (var (name, value) in environment)
        {
            builder.PublishRoleEnvironment(role, name, value);
        }

        return builder;
    }

    /// <summary>
    /// An environment variable only the deployed <paramref name="role"/> gets (a string, a parameter or an expression, as in
    /// <c>WithEnvironment</c>), e.g. a credential the other roles must not hold. The role must exist (<see cref="PublishAsRole"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishRoleEnvironment(this IResourceBuilder<ProjectResource> builder, string role, string name, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ValueResolver.ThrowIfUnsupported(value, $"environment variable '{name}' of role '{role}' of '{builder.Resource.Name}'");
        var annotations = builder.Resource.Annotations;
        var existing = annotations.OfType<DeploymentRoleAnnotation>().SingleOrDefault(r => r.Role == role)
            ?? throw new DistributedApplicationException($"Project '{builder.Resource.Name}' has no deployment role '{role}': call PublishAsRole first.");
        var env = new SortedDictionary<string, object>(existing.Environment.ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal)
        {
            [name] = value is IResourceBuilder<IResource> referenced ? referenced.Resource : value,
        };

        // Replaced in place, so roles keep the order they were declared in.
        annotations[annotations.IndexOf(existing)] = existing with { Environment = env };
        return builder;
    }

    /// <summary>
    /// Deployed, the project may take up to <paramref name="grace"/> to start (default one minute) before liveness
    /// checks can restart it: for a service that waits at start for a backing server that is still coming up.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishStartupGrace(this IResourceBuilder<ProjectResource> builder, TimeSpan grace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.FromSeconds(2));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grace, TimeSpan.FromHours(1));
        return builder.WithAnnotation(new StartupGraceAnnotation(grace));
    }

    /// <summary>
    /// Deployed, the project also runs once as Job <c>{project}-{name}</c> with <paramref name="args"/>, its image, the
    /// configuration of its Deployment and of its secrets only those named in <paramref name="secrets"/> (see
    /// <see cref="InitJobAnnotation"/>). Call once per job.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishInitJob(
        this IResourceBuilder<ProjectResource> builder, string name, IReadOnlyList<string> args, IReadOnlyList<string> secrets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(secrets);
        var jobName = $"{builder.Resource.Name}-{name}";
        // A DNS label, the Job's name; its pods get a suffix on top, hence the margin below 63.
        if (jobName.Length > 52 || !char.IsAsciiLetterLower(jobName[0]) || name[^1] == '-'
            || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new DistributedApplicationException(
                $"Init job name '{name}' of '{builder.Resource.Name}' is invalid: use lower-case letters, digits and '-' (not at the end), and at most 52 characters for '{jobName}'.");
        }

        if (builder.Resource.Annotations.OfType<InitJobAnnotation>().Any(j => j.Name == name))
        {
            throw new DistributedApplicationException($"Project '{builder.Resource.Name}' already has an init job '{name}'.");
        }

        return builder.WithAnnotation(new InitJobAnnotation(name, [.. args], [.. secrets]));
    }

    /// <summary>A JetStream key-value bucket the application keeps on this server: the deployed server's volume is sized to hold it.</summary>
    public static IResourceBuilder<NatsServerResource> PublishKeyValueBucket(this IResourceBuilder<NatsServerResource> builder, string bucket, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        if (bucket.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new DistributedApplicationException($"Bucket name '{bucket}' is invalid: use letters, digits, '-' and '_'.");
        }

        return builder.WithAnnotation(new KeyValueBucketAnnotation(bucket, maxBytes));
    }
}
