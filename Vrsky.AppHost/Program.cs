using Vrsky.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var nats = builder.AddNats("nats").WithJetStream().WithPlatformBuckets();
var postgres = builder.AddPostgres("postgres");
// The project is called controlplane too, and resource names are unique: the database resource gets a suffix.
var controlDb = postgres.AddDatabase("controlplanedb", databaseName: "controlplane");
var chatDb = postgres.AddDatabase("chat");
var frolfDb = postgres.AddDatabase("frolf");
var redis = builder.AddRedis("redis");
var rabbit = builder.AddRabbitMQ("rabbitmq");

var tokenWorker = builder.AddProject("tokenworker", "../Vrsky.TokenWorker/Vrsky.TokenWorker.csproj")
    .WithReference(nats).WaitFor(nats)
    .WithHttpEndpoint()
    .PublishReplicas(3).PublishWithPodName("-name-suffix");

// Deployments use their real IdP (IDP_URL); local runs start a real OAuth 2.0 provider in its place.
if (builder.ExecutionContext.IsRunMode)
{
    builder.Configuration["Parameters:idp-client-id"] ??= "vrsky-token-worker";
    var idpClientId = builder.AddParameter("idp-client-id");
    var idpClientSecret = builder.AddGeneratedParameter("idp-client-secret");
    var idp = builder.AddOidcProvider("idp", idpClientId, idpClientSecret);
    tokenWorker.WithIdentityProvider(idp);
}

var controlPlane = builder.AddProject("controlplane", "../Vrsky.ControlPlane/Vrsky.ControlPlane.csproj")
    .WithReference(nats).WithReference(controlDb)
    .WaitFor(nats).WaitFor(controlDb)
    .WithHttpEndpoint()
    .WithEnvironment("ControlPlane__AdminKey", builder.AddGeneratedParameter("controlplane-admin-key"));
if (builder.ExecutionContext.IsRunMode)
{
    controlPlane.WithLocalPlatformBucketLimits();
}
else
{
    // Deployed, Job controlplane-platform-init runs `platform init` with the control plane's settings: it waits for the
    // platform NATS cluster and creates or updates the KV buckets. The service itself waits for it as long (5 min) at start.
    controlPlane.PublishWithKubernetesTenants()
        .PublishInitJob("platform-init", ["platform", "init"], secrets: ["ConnectionStrings__nats"])
        .PublishStartupGrace(TimeSpan.FromMinutes(5));
}

builder.AddProject("gateway", "../Vrsky.Gateway/Vrsky.Gateway.csproj")
    .WithReference(chatDb).WithReference(rabbit).WithReference(redis)
    .WaitFor(chatDb).WaitFor(rabbit).WaitFor(redis)
    .WithHttpEndpoint(port: 9090, name: "http")
    .WithReplicas(2);

builder.AddProject("chatservice", "../Vrsky.ChatService/Vrsky.ChatService.csproj")
    .WithReference(chatDb).WithReference(rabbit)
    .WaitFor(chatDb).WaitFor(rabbit)
    .WithHttpEndpoint()
    .PublishReplicas(3);

builder.AddProject("presenceservice", "../Vrsky.PresenceService/Vrsky.PresenceService.csproj")
    .WithReference(chatDb).WithReference(rabbit).WithReference(redis)
    .WaitFor(chatDb).WaitFor(rabbit).WaitFor(redis)
    .WithHttpEndpoint()
    .PublishReplicas(2);

var discordBot = builder.AddProject("discordbot", "../Vrsky.DiscordBot/Vrsky.DiscordBot.csproj")
    .WithReference(nats).WithReference(frolfDb)
    .WaitFor(nats).WaitFor(frolfDb)
    .WithHttpEndpoint()
    .PublishAsGatewayAndWorkers()
    .WithDiscord(builder);

// Locally the bot runs as one gateway and two workers (deployments get the same split from PublishAsGatewayAndWorkers).
if (builder.ExecutionContext.IsRunMode)
{
    discordBot.WithEnvironment("BOT_MODE", "gateway");
    builder.AddProject("discordbot-worker", "../Vrsky.DiscordBot/Vrsky.DiscordBot.csproj")
        .WithReference(nats).WithReference(frolfDb)
        .WaitFor(nats).WaitFor(frolfDb)
        .WithHttpEndpoint()
        .WithReplicas(2)
        .WithEnvironment("BOT_MODE", "worker");
}

builder.Build().Run();

/// <summary>The AppHost entry point; public so tests can start it through the testing builder.</summary>
public partial class Program;
