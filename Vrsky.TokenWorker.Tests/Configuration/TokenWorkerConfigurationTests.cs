using Vrsky.TokenWorker.Configuration;

namespace Vrsky.TokenWorker.Tests.Configuration;

public sealed class TokenWorkerConfigurationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"token-worker-{Guid.NewGuid():N}.json");

    private const string SeedFile = """
        {
          "environment": "staging",
          "logLevel": "debug",
          "nats": { "url": "nats://file:4222", "allowReconnect": true, "maxReconnect": 7, "reconnectWait": 3 },
          "idp": { "url": "https://file.example.com", "timeout": 30 }
        }
        """;

    [Fact]
    public void DefaultsMatchTheSeed()
    {
        var options = Load([], []);

        Assert.Equal("nats://localhost:4222", options.Nats.Url);
        Assert.Equal("token-workers", options.QueueGroup);
        Assert.Equal("token.request", options.Subject);
        Assert.Equal("info", options.LogLevel);
        Assert.Equal(10, options.Nats.MaxReconnect);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Nats.ReconnectWait);
        Assert.Equal(new Uri("https://idp.example.com/realms/phoenix/protocol/openid-connect/token"), options.TokenEndpoint);
        Assert.Equal("Token Worker", options.ClientName);
    }

    [Fact]
    public void FileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEnvironment()
    {
        File.WriteAllText(_file, SeedFile);

        var fromFile = Load(["-config", _file], []);
        var fromEnvironment = Load(["-config", _file], new() { ["NATS_URL"] = "nats://env:4222", ["MAX_RECONNECT"] = "4", ["IDP_URL"] = "https://env.example.com" });
        var fromFlags = Load(["-config", _file, "-nats-url", "nats://flag:4222", "--max-reconnect=2", "-idp-url", "https://flag.example.com"],
            new() { ["NATS_URL"] = "nats://env:4222", ["MAX_RECONNECT"] = "4", ["IDP_URL"] = "https://env.example.com" });

        Assert.Equal(("nats://file:4222", 7, "https://file.example.com"), (fromFile.Nats.Url, fromFile.Nats.MaxReconnect, fromFile.Idp.Url));
        Assert.Equal(("staging", "debug", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3)), (fromFile.Environment, fromFile.LogLevel, fromFile.Idp.Timeout, fromFile.Nats.ReconnectWait));
        Assert.Equal(("nats://env:4222", 4, "https://env.example.com"), (fromEnvironment.Nats.Url, fromEnvironment.Nats.MaxReconnect, fromEnvironment.Idp.Url));
        Assert.Equal(("nats://flag:4222", 2, "https://flag.example.com"), (fromFlags.Nats.Url, fromFlags.Nats.MaxReconnect, fromFlags.Idp.Url));
    }

    [Fact]
    public void EverySeedEnvironmentVariableIsRead()
    {
        var options = Load([], new()
        {
            ["NATS_URL"] = "nats://a:1",
            ["QUEUE_GROUP"] = "q",
            ["WORKER_NAME_SUFFIX"] = "worker1",
            ["LOG_LEVEL"] = "warn",
            ["TOKEN_SUBJECT"] = "tokens.get",
            ["MAX_RECONNECT"] = "3",
            ["RECONNECT_WAIT"] = "9",
            ["IDP_URL"] = "http://idp:8080",
            ["IDP_TOKEN_PATH"] = "/oauth/token",
            ["POD_NAME"] = "token-worker-5d4f9b8c7d",
        });

        Assert.Equal(("nats://a:1", "q", "warn", "tokens.get", 3, TimeSpan.FromSeconds(9)),
            (options.Nats.Url, options.QueueGroup, options.LogLevel, options.Subject, options.Nats.MaxReconnect, options.Nats.ReconnectWait));
        Assert.Equal(new Uri("http://idp:8080/oauth/token"), options.TokenEndpoint);
        Assert.Equal("Token Worker-worker1", options.ClientName); // the explicit suffix wins over POD_NAME
    }

    [Fact]
    public void NameSuffixComesFromTheFlagThenWorkerNameSuffixThenPodName()
    {
        var environment = new Dictionary<string, string?> { ["WORKER_NAME_SUFFIX"] = "env", ["POD_NAME"] = "pod" };

        Assert.Equal("Token Worker-flag", Load(["-name-suffix", "flag"], environment).ClientName);
        Assert.Equal("Token Worker-env", Load([], environment).ClientName);
        Assert.Equal("Token Worker-pod", Load([], new() { ["POD_NAME"] = "pod" }).ClientName);
    }

    [Fact]
    public void TheAppHostConnectionStringSuppliesTheUrlButNatsUrlWins()
    {
        const string connectionString = "nats://nats:secret@127.0.0.1:4333";

        Assert.Equal(connectionString, Load([], new() { ["ConnectionStrings__nats"] = connectionString }).Nats.Url);
        Assert.Equal("nats://explicit:4222", Load([], new() { ["ConnectionStrings__nats"] = connectionString, ["NATS_URL"] = "nats://explicit:4222" }).Nats.Url);
    }

    [Theory]
    [InlineData(new[] { "-max-reconnect", "-1" }, "flag -max-reconnect", "negative")]
    [InlineData(new[] { "-idp-url", "not a url" }, "flag -idp-url", "http")]
    [InlineData(new[] { "-idp-url=ftp://idp" }, "flag -idp-url", "http")]
    [InlineData(new[] { "-reconnect-wait", "soon" }, "flag -reconnect-wait", "seconds")]
    [InlineData(new[] { "-log-level", "loud" }, "flag -log-level", "debug, info, warn, error")]
    [InlineData(new[] { "-idp-auth-method", "private_key_jwt" }, "flag -idp-auth-method", "client_secret_basic")]
    [InlineData(new[] { "-queue", "two words" }, "flag -queue", "subject")]
    [InlineData(new[] { "-nope" }, "-nope", "Unknown flag")]
    [InlineData(new[] { "-queue" }, "-queue", "needs a value")]
    public void InvalidFlagsStopStartUpNamingTheSetting(string[] args, string setting, string reason)
    {
        var result = TokenWorkerConfiguration.Load(args, new Dictionary<string, string?>());

        Assert.Null(result.Options);
        Assert.Contains(setting, result.Error);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public void InvalidEnvironmentAndFileValuesNameTheirSource()
    {
        File.WriteAllText(_file, """{ "nats": { "maxReconnect": -5 } }""");

        var environment = TokenWorkerConfiguration.Load([], new Dictionary<string, string?> { ["IDP_URL"] = "idp.example.com" });
        var file = TokenWorkerConfiguration.Load(["-config", _file], new Dictionary<string, string?>());
        var missing = TokenWorkerConfiguration.Load(["-config", _file + ".missing"], new Dictionary<string, string?>());
        var password = TokenWorkerConfiguration.Load([], new Dictionary<string, string?> { ["NATS_URL"] = "http://user:hunter2@host:4222" });

        Assert.Contains("environment IDP_URL", environment.Error);
        Assert.Contains("config file key nats.maxReconnect", file.Error);
        Assert.Contains("Cannot read config file", missing.Error);
        Assert.Contains("environment NATS_URL", password.Error);
        Assert.DoesNotContain("hunter2", password.Error);
    }

    [Fact]
    public void HelpListsEveryOptionWithItsEnvironmentVariableAndDefault()
    {
        var help = TokenWorkerConfiguration.HelpText();

        Assert.True(TokenWorkerConfiguration.Load(["--help"], new Dictionary<string, string?>()).ShowHelp);
        Assert.True(TokenWorkerConfiguration.Load(["-h"], new Dictionary<string, string?>()).ShowHelp);
        Assert.Contains("-config <file>", help);
        foreach (var setting in TokenWorkerSettings.All)
        {
            Assert.Contains($"-{setting.Flag}", help);
            Assert.All(setting.EnvironmentVariables, variable => Assert.Contains(variable, help));
            Assert.Contains($"default {setting.Default}", help);
        }

        foreach (var seedVariable in new[] { "NATS_URL", "QUEUE_GROUP", "WORKER_NAME_SUFFIX", "LOG_LEVEL", "TOKEN_SUBJECT", "MAX_RECONNECT", "RECONNECT_WAIT", "IDP_URL", "IDP_TOKEN_PATH", "POD_NAME" })
        {
            Assert.Contains(seedVariable, help);
        }
    }

    public void Dispose() => File.Delete(_file);

    private static TokenWorkerOptions Load(string[] args, Dictionary<string, string?> environment)
    {
        var result = TokenWorkerConfiguration.Load(args, environment);
        return result.Options ?? throw new Xunit.Sdk.XunitException(result.Error);
    }
}
