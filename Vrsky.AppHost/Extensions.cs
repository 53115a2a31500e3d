using Vrsky.Hosting;
using Vrsky.Hosting.ApplicationModel;

/// <summary>The AppHost's publish-time details, kept out of Program.cs so the graph stays readable.</summary>
internal static class AppHostExtensions
{
    private const long GB = 1_000_000_000;

    /// <summary>
    /// Seed 002's platform key-value buckets, for sizing the deployed JetStream volume; the control plane creates them
    /// (at start, and as the deployment's <c>platform init</c> Job) with the TTLs and limits of its own configuration.
    /// </summary>
    public static IResourceBuilder<NatsServerResource> WithPlatformBuckets(this IResourceBuilder<NatsServerResource> nats) => nats
        .PublishKeyValueBucket("message_state", 10 * GB)
        .PublishKeyValueBucket("integration_locks", 1 * GB)
        .PublishKeyValueBucket("retry_queue", 50 * GB)
        .PublishKeyValueBucket("dead_letter_queue", 100 * GB);

    /// <summary>
    /// Local runs size the platform buckets to fit a workstation: nats-server refuses buckets whose limits add up
    /// beyond its JetStream storage (error 10047), and seed 002's 161 GB exceed most disks. Deployments keep the seed's.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalPlatformBucketLimits(this IResourceBuilder<ProjectResource> controlPlane) => controlPlane
        .WithEnvironment("ControlPlane__Platform__MaxBytes__message_state", "1000000000")
        .WithEnvironment("ControlPlane__Platform__MaxBytes__integration_locks", "100000000")
        .WithEnvironment("ControlPlane__Platform__MaxBytes__retry_queue", "1000000000")
        .WithEnvironment("ControlPlane__Platform__MaxBytes__dead_letter_queue", "2000000000");

    /// <summary>
    /// Deployed, the control plane provisions tenant instances as Kubernetes objects (its local default starts
    /// nats-server processes) under a service account allowed to manage them in the tenants namespace, lets the
    /// tenants' workers in the application namespace reach them, and keeps the platform buckets at the cluster's
    /// three replicas, as its <c>platform init</c> Job creates them; locally the single platform server takes one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishWithKubernetesTenants(this IResourceBuilder<ProjectResource> controlPlane) => controlPlane
        .WithEnvironment("ControlPlane__Provisioner__Kind", "kubernetes")
        .WithEnvironment("ControlPlane__Platform__Replicas", "3")
        .PublishAsTenantNatsProvisioner("ControlPlane__Provisioner__");

    private const string BotGatewayRole = "gateway";

    /// <summary>Seed 004: exactly one gateway replica (Discord allows one session) and three workers.</summary>
    public static IResourceBuilder<ProjectResource> PublishAsGatewayAndWorkers(this IResourceBuilder<ProjectResource> bot) => bot
        .PublishAsRole(BotGatewayRole, replicas: 1, ("BOT_MODE", "gateway"))
        .PublishAsRole("worker", replicas: 3, ("BOT_MODE", "worker"));

    /// <summary>
    /// A real OAuth 2.0 / OpenID Connect provider for local runs (node-oidc-provider, <c>idp/server.js</c>) with one
    /// confidential client-credentials client, its token endpoint at Keycloak's <c>/realms/phoenix/protocol/openid-connect/token</c>.
    /// Needs <c>npm ci --prefix Vrsky.AppHost/idp</c> (the run and test scripts do it).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddOidcProvider(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource> clientId, IResourceBuilder<ParameterResource> clientSecret)
    {
        var idp = builder.AddExecutable(name, "node", "idp", "server.js").WithHttpEndpoint();
        return idp
            .WithEnvironment("PORT", idp.GetEndpoint("http").Property(EndpointProperty.Port))
            .WithEnvironment("IDP_REALM", "phoenix")
            .WithEnvironment("IDP_CLIENT_ID", clientId)
            .WithEnvironment("IDP_CLIENT_SECRET", clientSecret);
    }

    /// <summary>Points the token worker at the identity provider (<c>IDP_URL</c>) and starts it once the provider is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithIdentityProvider(this IResourceBuilder<ProjectResource> worker, IResourceBuilder<ExecutableResource> idp) => worker
        .WithEnvironment("IDP_URL", idp.GetEndpoint("http"))
        .WaitFor(idp);

    /// <summary>
    /// Points the bot at Discord: deployments, and local runs with a <c>discord-token</c> parameter (<c>Parameters__discord-token</c>),
    /// at Discord itself with <c>DISCORD_TOKEN</c> from that secret parameter; other local runs at a local Discord emulator
    /// resource <c>discord</c> (tools/Vrsky.DiscordEmulator, the one the tests use) whose guild 800000000000000001 gets the commands.
    /// Deployed, only the gateway role gets the token: workers never talk to Discord (call after <see cref="PublishAsGatewayAndWorkers"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDiscord(this IResourceBuilder<ProjectResource> bot, IDistributedApplicationBuilder builder)
    {
        // The token comes from Discord's Developer Portal, so the parameter has no generated default: publishers ask for it.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return bot.PublishRoleEnvironment(BotGatewayRole, "DISCORD_TOKEN", builder.AddParameter("discord-token", secret: true));
        }

        if (builder.Configuration["Parameters:discord-token"] is { Length: > 0 })
        {
            return bot.WithEnvironment("DISCORD_TOKEN", builder.AddParameter("discord-token", secret: true));
        }

        const string EmulatorToken = "local-emulator-token";
        const string EmulatorGuild = "800000000000000001";
        var emulator = builder.AddProject("discord", "../tools/Vrsky.DiscordEmulator/Vrsky.DiscordEmulator.csproj")
            .WithHttpEndpoint()
            .WithEnvironment("EMULATOR_TOKEN", EmulatorToken)
            .WithEnvironment("EMULATOR_GUILD_IDS", EmulatorGuild);
        var http = emulator.GetEndpoint("http");
        return bot
            .WithEnvironment("DISCORD_TOKEN", EmulatorToken)
            .WithEnvironment("DISCORD_GUILD_ID", EmulatorGuild)
            .WithEnvironment("DISCORD_API_URL", ReferenceExpression.Create($"http://{http.Property(EndpointProperty.HostAndPort)}/api/v10"))
            .WithEnvironment("DISCORD_GATEWAY_URL", ReferenceExpression.Create($"ws://{http.Property(EndpointProperty.HostAndPort)}/gateway"))
            .WaitFor(emulator);
    }
}
