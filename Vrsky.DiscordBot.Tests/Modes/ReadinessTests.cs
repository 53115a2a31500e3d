using System.Net;
using Npgsql;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Modes;

/// <summary><c>/ready</c> answers 503 while the process cannot do its work: no Discord session yet, or no database.</summary>
[Collection(BotCollection.Name)]
public sealed class ReadinessTests(BotFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task TheGatewayIsNotReadyBeforeItsSessionIsReady()
    {
        // An emulator of its own, holding connections before HELLO until the test lets them through.
        await using var discord = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { GuildIds = ["800000000000000079"] });
        var environment = fixture.Environment("gateway", "notready" + Guid.NewGuid().ToString("N")[..6]);
        environment["DISCORD_API_URL"] = discord.ApiBaseUrl.AbsoluteUri;
        environment["DISCORD_GATEWAY_URL"] = discord.GatewayUrl.AbsoluteUri;
        environment["DISCORD_GUILD_ID"] = discord.Options.GuildIds[0];
        await using var bots = new BotProcesses(output);
        var hold = discord.Gateway.HoldNewConnections();
        var gateway = bots.Start("gateway", environment);
        await bots.RunAsync(async () =>
        {
            await Eventually.WaitAsync(async () => await StatusAsync(gateway, "/alive") == HttpStatusCode.OK, Deadline, "the process answers");
            await Eventually.WaitAsync(() => discord.Gateway.Seen.Count > 0, Deadline, "the gateway connecting");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(gateway, "/ready"));

            hold.Dispose();
            await Eventually.WaitAsync(async () => await StatusAsync(gateway, "/ready") == HttpStatusCode.OK, Deadline, "ready once the session is");
        });
    }

    [Fact]
    public async Task AWorkerIsNotReadyWhileItsDatabaseIsDown()
    {
        var database = new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString);
        await using var proxy = new TcpProxy(database.Port, database.Host!);
        var environment = fixture.Environment("worker", "nodbready" + Guid.NewGuid().ToString("N")[..6]);
        environment["ConnectionStrings__frolf"] = new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var bots = new BotProcesses(output);
        var worker = bots.Start("worker", environment);
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();

            await proxy.StopAsync();

            await Eventually.WaitAsync(async () => await StatusAsync(worker, "/ready") == HttpStatusCode.ServiceUnavailable, Deadline, "not ready without the database");
            Assert.False(worker.HasExited);
        });
    }

    private static async Task<HttpStatusCode?> StatusAsync(ServiceProcess process, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{process.Port}{path}");
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null; // not listening yet
        }
    }
}
