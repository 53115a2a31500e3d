using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Vrsky.Hosting.Tests.Publishing;

/// <summary>One run of the real AppHost's kubernetes publisher (fixed parameters), read back for the tests.</summary>
public sealed class PublishedKubernetesTree : IAsyncLifetime
{
    /// <summary>The bot token has no generated default (it comes from Discord), so every publish passes one.</summary>
    public const string DiscordToken = "DiscordBotTokenForTests.0001";

    /// <summary>The password of tenant demo-tenant's published NATS instances (otherwise generated).</summary>
    public const string TenantNatsPassword = "DemoTenantNatsPassw0rd001";

    public static readonly IReadOnlyDictionary<string, string> Passwords = new Dictionary<string, string>
    {
        ["nats-password"] = "NatsPassw0rdForTests00001",
        ["postgres-password"] = "PostgresPassw0rdForTests1",
        ["redis-password"] = "RedisPassw0rdForTests0001",
        ["rabbitmq-password"] = "RabbitPassw0rdForTests001",
        ["controlplane-admin-key"] = "ControlPlaneAdminKeyTests",
        ["discord-token"] = DiscordToken,
        ["nats-demo-tenant-password"] = TenantNatsPassword,
    };

    private readonly TempDirectory _temp = new();

    public string Directory => Path.Combine(_temp.Path, "k8s");

    public IReadOnlyDictionary<string, string> Files { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<JsonObject> Objects { get; private set; } = [];

    public static string[] Arguments(string outputPath) =>
        ["--publisher", "kubernetes", "--output-path", outputPath, .. Passwords.SelectMany(p => new[] { "--parameter", $"{p.Key}={p.Value}" })];

    public async Task InitializeAsync()
    {
        var result = await AppHostProcess.RunAsync(Arguments(Directory));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The kubernetes publisher failed: {result.StandardError}");
        }

        Files = System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'), File.ReadAllText);
        Objects = [.. Files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal) && f.Key != "kustomization.yaml")
            .OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => ReadYaml(f.Value))];
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    public JsonObject Single(string kind, string name) =>
        Objects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    /// <summary>Every document as a JSON tree; scalars stay strings (YAML typing is checked by k8s-validate).</summary>
    public static List<JsonObject> ReadYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => (JsonObject)ToJson(d.RootNode)!)];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
