using System.Globalization;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.Hosting;

public static class RedisBuilderExtensions
{
    /// <summary>A Redis server with a generated password (parameter <c>{name}-password</c>).</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = builder.CreatePasswordParameter(name);
        var redis = new RedisResource(name, password);
        return builder.AddResource(redis)
            .WithPasswordParameter(password)
            .WithEndpoint(RedisResource.PrimaryEndpointName, "tcp", port, targetPort: 6379)
            .WithAnnotation(new ContainerImageAnnotation("redis", "7.4", "docker.io/library"))
            .WithAnnotation(new LocalProcessAnnotation("redis-server", "redis-server")
            {
                Prepare = (ctx, ct) => PrepareAsync(redis, ctx, ct),
                HealthProbe = (ctx, ct) => HealthProbes.RedisPingAsync(ctx.Port(RedisResource.PrimaryEndpointName), redis.PasswordParameter.Value, ct),
            });
    }

    private static async Task<LocalProcessSpec> PrepareAsync(RedisResource redis, LocalProcessContext ctx, CancellationToken cancellationToken)
    {
        // Persistent data uses the append-only file; ephemeral runs write nothing to disk.
        var config = $"""
            port {ctx.Port(RedisResource.PrimaryEndpointName).ToString(CultureInfo.InvariantCulture)}
            bind 127.0.0.1
            protected-mode yes
            requirepass "{redis.PasswordParameter.Value}"
            dir "{ctx.DataDirectory}"
            save ""
            appendonly {(ctx.Persistent ? "yes" : "no")}
            """;
        var configPath = Path.Combine(ctx.DataDirectory, "redis.conf");
        await PrivateFile.WriteAsync(configPath, config, cancellationToken).ConfigureAwait(false);
        return new LocalProcessSpec(ctx.ResolveExecutable("redis-server"), [configPath]);
    }
}
