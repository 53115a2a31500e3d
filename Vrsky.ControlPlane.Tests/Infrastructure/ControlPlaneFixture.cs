extern alias apphost;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.ControlPlane.Extensions;
using Vrsky.ControlPlane.Instances.Local;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;
using Vrsky.Nats;

namespace Vrsky.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL and a JetStream nats-server from the testing builder, and the real control plane in-process
/// (local provisioner, autoscaler every 250 ms, integration-lock TTL 2 s so tests see it lapse).
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";
    public static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(2);

    private DistributedApplication? _servers;

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string NatsUrl { get; private set; } = null!;

    public string DatabaseConnectionString { get; private set; } = null!;

    public LocalNatsProvisioner Provisioner => App.Services.GetRequiredService<LocalNatsProvisioner>();

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
        builder.AddNats("nats").WithJetStream();
        builder.AddPostgres("postgres").AddDatabase("controlplanedb", databaseName: "controlplane");
        _servers = await builder.BuildAsync();
        await _servers.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _servers.ResourceNotifications.WaitForResourceHealthyAsync("nats", deadline.Token);
        await _servers.ResourceNotifications.WaitForResourceHealthyAsync("controlplanedb", deadline.Token);
        NatsUrl = (await _servers.GetConnectionStringAsync("nats"))!;
        DatabaseConnectionString = (await _servers.GetConnectionStringAsync("controlplanedb"))!;
        App = await StartControlPlaneAsync(NatsUrl, DatabaseConnectionString);
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A control plane on the given servers; <paramref name="overrides"/> replace or add settings.</summary>
    public static async Task<WebApplication> StartControlPlaneAsync(string natsUrl, string database, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var app = ControlPlaneApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:nats"] = natsUrl,
                ["ConnectionStrings:controlplanedb"] = database,
                ["ControlPlane:AdminKey"] = AdminKey,
                ["ControlPlane:Autoscaler:Interval"] = "00:00:00.250",
                ["ControlPlane:Autoscaler:SustainedRateWindow"] = "00:00:01",
                ["ControlPlane:Platform:LockTtl"] = LockTtl.ToString(),
                // The test server's JetStream has the disk's free space, not seed 002's 161 GB.
                ["ControlPlane:Platform:MaxBytes:dead_letter_queue"] = "2000000000",
                ["ControlPlane:Platform:MaxBytes:retry_queue"] = "1000000000",
            });
            builder.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        });
        await app.StartAsync();
        return app;
    }

    public HttpClient Client(string? apiKey = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public INatsConnection PlatformNats() => new NatsConnection(NatsOpts.FromConnectionString(NatsUrl));

    /// <summary>Creates a tenant with a unique slug; returns its id and API key.</summary>
    public async Task<(Guid Id, string Slug, string ApiKey)> CreateTenantAsync(string prefix)
    {
        var slug = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/tenants", new { slug, name = prefix });
        var body = await ReadAsync(response);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return ((Guid)body["tenant"]!["id"]!, slug, (string)body["api_key"]!);
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Polls the discovery endpoint until <paramref name="condition"/> holds.</summary>
    public async Task<JsonNode> WaitForInstancesAsync(Guid tenantId, Func<JsonArray, bool> condition, TimeSpan timeout, string because)
    {
        using var client = Client();
        return await WaitForInstancesAsync(client, tenantId, condition, timeout, because);
    }

    /// <summary>Polls the discovery endpoint of the control plane <paramref name="client"/> talks to until <paramref name="condition"/> holds.</summary>
    public static async Task<JsonNode> WaitForInstancesAsync(HttpClient client, Guid tenantId, Func<JsonArray, bool> condition, TimeSpan timeout, string because)
    {
        JsonNode? last = null;
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                last = await ReadAsync(await client.GetAsync($"/api/v1/tenants/{tenantId}/nats-instances"));
                return condition(last["instances"]!.AsArray());
            }, timeout, because);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen: {last?["instances"]?.ToJsonString()}", e);
        }

        return last!;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}
