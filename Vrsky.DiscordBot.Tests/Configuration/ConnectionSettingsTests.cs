using Microsoft.Extensions.Configuration;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;

namespace Vrsky.DiscordBot.Tests.Configuration;

[Collection(BotCollection.Name)]
public sealed class ConnectionSettingsTests(BotFixture fixture)
{
    [Fact]
    public void WithoutNatsUrlTheSeedsDefaultIsUsed()
    {
        var configuration = new ConfigurationManager();

        EnvironmentAliases.Apply(configuration);

        Assert.Equal("nats://localhost:4222", configuration.GetConnectionString("nats"));
    }

    [Fact]
    public void NatsUrlAndThenAnInjectedConnectionStringWin()
    {
        var fromVariable = new ConfigurationManager();
        fromVariable["NATS_URL"] = "nats://nats:4222";
        EnvironmentAliases.Apply(fromVariable);
        var injected = new ConfigurationManager();
        injected["NATS_URL"] = "nats://nats:4222";
        injected["ConnectionStrings:nats"] = "nats://apphost:1234";
        EnvironmentAliases.Apply(injected);

        Assert.Equal("nats://nats:4222", fromVariable.GetConnectionString("nats"));
        Assert.Equal("nats://apphost:1234", injected.GetConnectionString("nats"));
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("standalone")]
    public async Task AMissingDatabaseIsAConfigurationErrorNamingDatabaseUrl(string mode)
    {
        var environment = fixture.Environment(mode, "nodburl" + Guid.NewGuid().ToString("N")[..6]);
        environment.Remove("ConnectionStrings__frolf");
        environment["DATABASE_URL"] = "";
        await using var bot = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(FatalExit.ConfigurationExitCode, bot.ExitCode);
        Assert.Contains(bot.Output, line => line == $"Configuration error: DATABASE_URL is required in {mode} mode.");
        Assert.DoesNotContain(bot.Output, line => line.Contains("ConnectionStrings", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NATS_URL", "http://user:hunter2@nats:4222", "NATS_URL must be nats://host:port")]
    [InlineData("DATABASE_URL", "Host=db;Pasword=hunter2", "DATABASE_URL must be postgres://")]
    public async Task AMalformedConnectionSettingIsAConfigurationErrorThatLeavesTheValueOut(string variable, string value, string expected)
    {
        var environment = fixture.Environment("worker", "badurl" + Guid.NewGuid().ToString("N")[..6]);
        environment.Remove("ConnectionStrings__nats");
        environment.Remove("ConnectionStrings__frolf");
        environment["NATS_URL"] = fixture.NatsUrl;
        environment["DATABASE_URL"] = fixture.DatabaseConnectionString;
        environment[variable] = value;
        await using var bot = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(FatalExit.ConfigurationExitCode, bot.ExitCode);
        Assert.Contains(bot.Output, line => line.StartsWith("Configuration error: " + expected, StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Output, line => line.Contains("hunter2", StringComparison.Ordinal));
    }
}
