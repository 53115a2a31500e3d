using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;
using Vrsky.Nats;
using Vrsky.Tests.Infrastructure;
using Vrsky.TestUtilities;

namespace Vrsky.Tests.Platform;

[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    private static readonly string[] ExpectedResources =
    [
        "nats", "postgres", "controlplanedb", "chat", "frolf", "redis", "rabbitmq",
        "tokenworker", "idp", "controlplane", "gateway", "chatservice", "presenceservice", "discordbot", "discordbot-worker", "discord",
    ];

    [Fact]
    public void EveryResourceOfTheAppHostIsRunningAndHealthy()
    {
        var snapshots = fixture.App.ResourceNotifications.Snapshots.Where(s => s.ResourceType != "Parameter").ToList();
        Assert.Equal(ExpectedResources.Order(), snapshots.Select(s => s.Name).Order());
        Assert.All(snapshots, s =>
        {
            Assert.Equal(KnownResourceStates.Running, s.State);
            Assert.Equal(HealthStatus.Healthy, s.Health);
        });
    }

    [Theory]
    [InlineData("controlplanedb", "controlplane")]
    [InlineData("chat", "chat")]
    [InlineData("frolf", "frolf")]
    public async Task DatabaseConnectionStringsReachTheirOwnDatabase(string resource, string database)
    {
        await using var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync(resource));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal(database, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RabbitMQConnectionStringCarriesAMessageThroughAQueue()
    {
        var factory = new ConnectionFactory { Uri = new Uri((await fixture.App.GetConnectionStringAsync("rabbitmq"))!) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: true)).QueueName;
        await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("hello"));

        BasicGetResult? received = null;
        await Eventually.WaitAsync(async () => (received ??= await channel.BasicGetAsync(queue, autoAck: true)) is not null, TimeSpan.FromSeconds(5), "the published message");
        Assert.Equal("hello", Encoding.UTF8.GetString(received!.Body.Span));
    }

    [Fact]
    public async Task NatsConnectionStringAuthenticatesAndJetStreamIsEnabled()
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString((await fixture.App.GetConnectionStringAsync("nats"))!));
        await nats.PingAsync();
        Assert.True(nats.ServerInfo!.JetStream);
    }

    [Fact]
    public async Task RedisUsesTheConfiguredPasswordAndAnswersPing()
    {
        var connectionString = (await fixture.App.GetConnectionStringAsync("redis"))!;
        Assert.EndsWith($",password={AppHostFixture.RedisPassword}", connectionString);
        Assert.Equal("+OK\r\n+PONG\r\n", await Resp.SendAsync(connectionString));
    }

    [Fact]
    public async Task ResourceApiRefusesRequestsWithoutTheToken()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.DashboardUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/resources")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/resources")).StatusCode);
    }

    [Fact]
    public async Task ResourceApiListsEveryResourceWithStateEndpointsAndConnectionStrings()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.DashboardUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.App.DashboardToken);
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/resources"));
        var byName = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);

        Assert.All(ExpectedResources, name => Assert.Equal("Healthy", byName[name].GetProperty("health").GetString()));
        Assert.Equal(await fixture.App.GetConnectionStringAsync("nats"), byName["nats"].GetProperty("connectionString").GetString());
        Assert.False(byName["gateway"].TryGetProperty("connectionString", out _));
        Assert.Equal(2, byName["gateway"].GetProperty("replicas").GetInt32());
        Assert.Equal(fixture.App.GetEndpoint("gateway").ToString().TrimEnd('/'), byName["gateway"].GetProperty("endpoints")[0].GetString());
    }

    [Fact]
    public async Task DashboardLoginLinkOpensTheResourcePage()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true });
        // Without the cookie the dashboard sends the browser to its login page.
        var anonymous = await http.GetAsync(new Uri(fixture.App.DashboardUrl!, "/"));
        Assert.Equal("/login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await http.GetStringAsync(fixture.App.DashboardLoginUrl);
        Assert.Contains("<tr data-resource=\"presenceservice\"", page);
    }

    [Fact]
    public async Task GatewayRunsTwoReplicasBehindOneEndpoint()
    {
        var started = fixture.App.ResourceLogs.GetLines("gateway").Where(l => l.Content.Contains("Now listening on")).Select(l => l.Replica);
        Assert.Equal([0, 1], started.Distinct().Order());

        using var http = fixture.App.CreateHttpClient("gateway");
        for (var i = 0; i < 6; i++)
        {
            var response = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"rabbitmq\"", await response.Content.ReadAsStringAsync());
        }
    }
}
