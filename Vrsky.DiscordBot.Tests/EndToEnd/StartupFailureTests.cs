using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>A bot that cannot start says why in one line and exits non-zero, so an orchestrator restarts or alerts.</summary>
[Collection(BotCollection.Name)]
public sealed class StartupFailureTests(BotFixture fixture)
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AWrongTokenRefusedByGetGatewayBotExitsWithTheAuthenticationCode()
    {
        // As against real Discord: no gateway URL given, so the first call with the token is GET /gateway/bot, answered 401.
        var environment = fixture.Environment("gateway", "auth401" + Suffix(), token: "not-the-token");
        environment.Remove("DISCORD_GATEWAY_URL");
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await gateway.WaitForExitAsync(ExitDeadline);

        Assert.Equal(FatalExit.AuthenticationExitCode, gateway.ExitCode);
        Assert.Contains(gateway.Output, line => line.Contains("GET /gateway/bot answered 401: authentication failed", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Output, line => line.Contains("not-the-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWorkerWithoutNatsExitsNonZeroNamingNats()
    {
        var environment = fixture.Environment("worker", "nonats" + Suffix());
        environment["ConnectionStrings__nats"] = $"nats://127.0.0.1:{FreePort.Next()}";
        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await worker.WaitForExitAsync(ExitDeadline);

        Assert.Equal(FatalExit.StartupFailedExitCode, worker.ExitCode);
        Assert.Contains(worker.Output, line => line.StartsWith("NATS: could not create the streams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWorkerWhoseMigrationFailsExitsNonZeroNamingTheDatabase()
    {
        var environment = fixture.Environment("worker", "nodb" + Suffix());
        environment["ConnectionStrings__frolf"] = new Npgsql.NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString) { Database = "no_such_database_" + Suffix() }.ConnectionString;
        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await worker.WaitForExitAsync(ExitDeadline);

        Assert.Equal(FatalExit.StartupFailedExitCode, worker.ExitCode);
        Assert.Contains(worker.Output, line => line.StartsWith("Database: migration failed", StringComparison.Ordinal));
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];
}
