using System.Globalization;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.Hosting;

public static class NatsBuilderExtensions
{
    /// <summary>A NATS server with a generated password (parameter <c>{name}-password</c>).</summary>
    public static IResourceBuilder<NatsServerResource> AddNats(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = builder.CreatePasswordParameter(name);
        var nats = new NatsServerResource(name, password);
        return builder.AddResource(nats)
            .WithPasswordParameter(password)
            .WithEndpoint(NatsServerResource.PrimaryEndpointName, "nats", port, targetPort: 4222)
            .WithEndpoint(NatsServerResource.MonitorEndpointName, "http", targetPort: 8222)
            .WithAnnotation(new ContainerImageAnnotation("nats", "2.10", "docker.io/library"))
            .WithAnnotation(new LocalProcessAnnotation("nats-server", "nats-server")
            {
                Prepare = (ctx, ct) => PrepareAsync(nats, ctx, ct),
                HealthProbe = (ctx, ct) => HealthProbes.HttpOkAsync($"http://127.0.0.1:{ctx.Port(NatsServerResource.MonitorEndpointName)}/healthz", ct),
            });
    }

    /// <summary>Enables JetStream (file storage in the server's data directory).</summary>
    public static IResourceBuilder<NatsServerResource> WithJetStream(this IResourceBuilder<NatsServerResource> builder) =>
        builder.WithArgs("-js");

    private static async Task<LocalProcessSpec> PrepareAsync(NatsServerResource nats, LocalProcessContext ctx, CancellationToken cancellationToken)
    {
        // Credentials go in a private config file, not on the command line where any local user could read them.
        var config = $$"""
            server_name: {{nats.Name}}
            listen: 127.0.0.1:{{ctx.Port(NatsServerResource.PrimaryEndpointName).ToString(CultureInfo.InvariantCulture)}}
            http: 127.0.0.1:{{ctx.Port(NatsServerResource.MonitorEndpointName).ToString(CultureInfo.InvariantCulture)}}
            authorization { user: "{{nats.UserName}}", password: "{{nats.PasswordParameter.Value}}" }
            """;
        var configPath = Path.Combine(ctx.DataDirectory, "nats.conf");
        await PrivateFile.WriteAsync(configPath, config, cancellationToken).ConfigureAwait(false);
        // The model's own args (such as -js from WithJetStream) are appended by the orchestrator.
        return new LocalProcessSpec(ctx.ResolveExecutable("nats-server"), ["-c", configPath, "-sd", Path.Combine(ctx.DataDirectory, "jetstream")]);
    }
}
