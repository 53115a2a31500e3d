using System.Text.Json.Nodes;
using Vrsky.Hosting.Publishing.Manifest;
using Vrsky.Hosting.Testing;

namespace Vrsky.Hosting.Tests.Publishing;

public sealed class ManifestPublisherTests
{
    private static string CommittedManifest => Path.Combine(RepoPaths.Root, "aspire-manifest.json");

    private static string SchemaPath => Path.Combine(AppHostProcess.SharedDirectory, "schemas", "aspire-8.0.json");

    [Fact]
    public async Task RegeneratedManifestMatchesTheCommittedFileByteForByte()
    {
        // Beside the committed file, so project paths are relative to the same directory.
        var output = Path.Combine(RepoPaths.Root, $".aspire-manifest.{Guid.NewGuid():N}.drift.json");
        try
        {
            var result = await AppHostProcess.RunAsync("--publisher", "manifest", "--output-path", output);
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.True(File.ReadAllBytes(CommittedManifest).AsSpan().SequenceEqual(File.ReadAllBytes(output)),
                "aspire-manifest.json is out of date: run `dotnet run --project Vrsky.AppHost -- --publisher manifest --output-path aspire-manifest.json` and commit it.");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void CommittedManifestValidatesAgainstTheAspireSchema()
    {
        var errors = Validator().Validate(JsonNode.Parse(File.ReadAllText(CommittedManifest)));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void SchemaCheckRejectsWhatAspireWouldReject()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(CommittedManifest))!;
        manifest["resources"]!["gateway"]!.AsObject().Remove("path");
        manifest["resources"]!["nats"]!["bindings"]!["tcp"]!["protocol"] = "sctp";
        manifest["resources"]!["chat"]!["extra"] = "x";

        var errors = Validator().Validate(manifest);

        Assert.Contains(errors, e => e.Contains("$.resources.gateway", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.resources.nats", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.resources.chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManifestHasTheAspireShapes()
    {
        // The model as the manifest publisher sees it (a local run's differs: e.g. its own bot worker project).
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--publisher", "manifest"]);
        var manifest = JsonNode.Parse(ManifestPublisher.Write(builder.Resources, RepoPaths.Root,
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish, "manifest")))!;
        var resources = manifest["resources"]!.AsObject();

        Assert.Equal("https://json.schemastore.org/aspire-8.0.json", (string?)manifest["$schema"]);
        var nats = resources["nats"]!;
        Assert.Equal("container.v0", (string?)nats["type"]);
        Assert.Contains("-js", nats["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(4222, (int?)nats["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal("nats://nats:{nats-password.value}@{nats.bindings.tcp.host}:{nats.bindings.tcp.port}", (string?)nats["connectionString"]);
        Assert.Equal("{postgres-password.value}", (string?)resources["postgres"]!["env"]!["POSTGRES_PASSWORD"]);
        Assert.Equal(5432, (int?)resources["postgres"]!["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal(6379, (int?)resources["redis"]!["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal(5672, (int?)resources["rabbitmq"]!["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal("value.v0", (string?)resources["chat"]!["type"]);
        Assert.Equal("{postgres.connectionString};Database=controlplane", (string?)resources["controlplanedb"]!["connectionString"]);

        var gateway = resources["gateway"]!;
        Assert.Equal("project.v0", (string?)gateway["type"]);
        Assert.Equal("Vrsky.Gateway/Vrsky.Gateway.csproj", (string?)gateway["path"]);
        Assert.Equal("{gateway.bindings.http.targetPort}", (string?)gateway["env"]!["HTTP_PORTS"]);
        Assert.Equal("{chat.connectionString}", (string?)gateway["env"]!["ConnectionStrings__chat"]);
        Assert.Equal("true", (string?)gateway["env"]!["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Null(gateway["bindings"]!["http"]!["targetPort"]);

        // Parameters come last, secret, generated with at least 22 characters.
        var names = resources.Select(r => r.Key).ToList();
        var firstParameter = names.FindIndex(n => (string?)resources[n]!["type"] == "parameter.v0");
        Assert.True(firstParameter > 0);
        Assert.All(names.Skip(firstParameter), n => Assert.Equal("parameter.v0", (string?)resources[n]!["type"]));
        var password = resources["postgres-password"]!["inputs"]!["value"]!;
        Assert.True((bool?)password["secret"]);
        Assert.Equal(22, (int?)password["default"]!["generate"]!["minLength"]);
    }

    [Fact]
    public void DiscordBotIsAGatewayWithTheTokenAndWorkersWithout()
    {
        // The committed file is what the drift test compares against a fresh publish.
        var resources = JsonNode.Parse(File.ReadAllText(CommittedManifest))!["resources"]!.AsObject();

        Assert.False(resources.ContainsKey("discordbot"));
        foreach (var role in new[] { "gateway", "worker" })
        {
            var bot = resources[$"discordbot-{role}"]!;
            Assert.Equal("project.v0", (string?)bot["type"]);
            Assert.Equal("Vrsky.DiscordBot/Vrsky.DiscordBot.csproj", (string?)bot["path"]);
            Assert.Equal(role, (string?)bot["env"]!["BOT_MODE"]);
            Assert.Equal($"{{discordbot-{role}.bindings.http.targetPort}}", (string?)bot["env"]!["HTTP_PORTS"]);
            Assert.Equal("{nats.connectionString}", (string?)bot["env"]!["ConnectionStrings__nats"]);
            Assert.Equal("{frolf.connectionString}", (string?)bot["env"]!["ConnectionStrings__frolf"]);
        }

        // Workers have no Discord connection, so they do not get the token (least privilege).
        Assert.Null(resources["discordbot-worker"]!["env"]!["DISCORD_TOKEN"]);
        Assert.Equal("{discord-token.value}", (string?)resources["discordbot-gateway"]!["env"]!["DISCORD_TOKEN"]);
        var token = resources["discord-token"]!;
        Assert.Equal("parameter.v0", (string?)token["type"]);
        Assert.True((bool?)token["inputs"]!["value"]!["secret"]);
        Assert.Null(token["inputs"]!["value"]!["default"]);
    }

    [Fact]
    public async Task ManifestIsDeterministicAndCarriesNoSecretValue()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--publisher", "manifest", "--Parameters:postgres-password=Sup3rSecretValue"]);
        var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish, "manifest");

        var first = ManifestPublisher.Write(builder.Resources, RepoPaths.Root, context);
        var second = ManifestPublisher.Write(builder.Resources, RepoPaths.Root, context);

        Assert.Equal(first, second);
        Assert.DoesNotContain("Sup3rSecretValue", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    private static JsonSchemaValidator Validator()
    {
        Assert.True(File.Exists(SchemaPath), $"The Aspire manifest schema is missing at {SchemaPath} (the shared folder sits beside the clone).");
        return new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(SchemaPath))!);
    }
}
