using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Publishing;

/// <summary>What a backing server needs when it runs from its official container image instead of a local process.</summary>
internal sealed record ContainerSpec(string Image, string? Entrypoint, IReadOnlyList<object> Args, IReadOnlyList<KeyValuePair<string, object>> Environment);

/// <summary>
/// The container image settings of each integration: credentials as the image expects them (arguments or
/// environment), then the model's own arguments (such as <c>-js</c>). Values stay model objects (parameters),
/// so each publisher decides how to write them.
/// </summary>
internal static class ContainerConventions
{
    public static ContainerSpec? For(IResource resource)
    {
        var image = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault();
        if (image is null)
        {
            return null;
        }

        var modelArgs = new List<object>();
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            annotation.Callback(modelArgs);
        }

        return resource switch
        {
            NatsServerResource nats => new(image.FullName, null,
                ["--user", nats.UserName, "--pass", nats.PasswordParameter, "-m", "8222", .. modelArgs], []),
            PostgresServerResource postgres => new(image.FullName, null, modelArgs,
            [
                new("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256"),
                new("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256"),
                new("POSTGRES_USER", postgres.UserName),
                new("POSTGRES_PASSWORD", postgres.PasswordParameter),
            ]),
            RedisResource redis => new(image.FullName, "/bin/sh",
                ["-c", string.Join(' ', ["redis-server --requirepass $REDIS_PASSWORD", .. modelArgs.Select(ValueResolver.ToManifestExpression)])],
                [new("REDIS_PASSWORD", redis.PasswordParameter)]),
            RabbitMQServerResource rabbit => new(image.FullName, null, modelArgs,
            [
                new("RABBITMQ_DEFAULT_USER", rabbit.UserName),
                new("RABBITMQ_DEFAULT_PASS", rabbit.PasswordParameter),
            ]),
            _ => new(image.FullName, null, modelArgs, []),
        };
    }
}
