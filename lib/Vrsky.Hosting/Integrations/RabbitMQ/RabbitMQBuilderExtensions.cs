using System.Globalization;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.Hosting;

public static class RabbitMQBuilderExtensions
{
    /// <summary>A RabbitMQ broker with a generated password for user <c>guest</c> (parameter <c>{name}-password</c>).</summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = builder.CreatePasswordParameter(name);
        var rabbit = new RabbitMQServerResource(name, password);
        return builder.AddResource(rabbit)
            .WithPasswordParameter(password)
            .WithEndpoint(RabbitMQServerResource.PrimaryEndpointName, "amqp", port, targetPort: 5672)
            .WithAnnotation(new ContainerImageAnnotation("rabbitmq", "3.13", "docker.io/library"))
            .WithAnnotation(new LocalProcessAnnotation("rabbitmq-server", "rabbitmq-server")
            {
                Prepare = (ctx, ct) => PrepareAsync(rabbit, ctx, ct),
                HealthProbe = (ctx, ct) => HealthProbes.AmqpHandshakeAsync(ctx.Port(RabbitMQServerResource.PrimaryEndpointName), ct),
            });
    }

    /// <summary>
    /// The Debian wrapper in /usr/sbin switches to the rabbitmq user, which cannot write our directories, so the
    /// script under /usr/lib runs directly with every path pointed into the resource's own directory. Its own epmd
    /// starts first in the same process group: one that erl started would detach and outlive the AppHost.
    /// </summary>
    private static async Task<LocalProcessSpec> PrepareAsync(RabbitMQServerResource rabbit, LocalProcessContext ctx, CancellationToken cancellationToken)
    {
        var dir = ctx.DataDirectory;
        var amqpPort = ctx.Port(RabbitMQServerResource.PrimaryEndpointName).ToString(CultureInfo.InvariantCulture);
        var epmdPort = ctx.AllocatePort().ToString(CultureInfo.InvariantCulture);
        var distPort = ctx.AllocatePort().ToString(CultureInfo.InvariantCulture);
        var nodeName = $"{rabbit.Name}-{(ctx.Persistent ? "data" : Guid.NewGuid().ToString("N")[..8])}@localhost";

        await PrivateFile.WriteAsync(Path.Combine(dir, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{amqpPort}
            default_user = {rabbit.UserName}
            default_pass = {rabbit.PasswordParameter.Value}
            loopback_users = none
            """, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[].", cancellationToken).ConfigureAwait(false);
        var epmd = ctx.ResolveExecutable("epmd");
        var launcher = Path.Combine(dir, "start-rabbitmq.sh");
        await File.WriteAllTextAsync(launcher, $$"""
            #!/bin/sh
            {{epmd}} -port {{epmdPort}} -address 127.0.0.1 &
            i=0
            until {{epmd}} -port {{epmdPort}} -names >/dev/null 2>&1; do
              i=$((i+1)); [ $i -gt 100 ] && { echo "epmd did not start on port {{epmdPort}}" >&2; exit 1; }
              sleep 0.05
            done
            exec {{ctx.ResolveExecutable("rabbitmq-server")}}
            """, cancellationToken).ConfigureAwait(false);

        return new LocalProcessSpec("/bin/sh", [launcher])
        {
            Environment =
            {
                ["HOME"] = dir,
                ["ERL_EPMD_PORT"] = epmdPort,
                ["RABBITMQ_NODENAME"] = nodeName,
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = amqpPort,
                ["RABBITMQ_DIST_PORT"] = distPort,
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(dir, "rabbitmq.conf"),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
                ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(dir, "feature_flags"),
                ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid"),
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false",
                ["RABBITMQ_LOGS"] = "-",
            },
        };
    }
}
