using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Vrsky.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A second control plane on the fixture's servers with a database and instance folder of its own, so settings that
/// would disturb the shared one (low autoscaling limits, another provisioner) act only on its own tenants.
/// </summary>
public sealed class IsolatedControlPlane : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _database;

    private IsolatedControlPlane(ControlPlaneFixture fixture, string database, string instances, WebApplication app)
    {
        _adminConnectionString = fixture.DatabaseConnectionString;
        _database = database;
        Instances = instances;
        App = app;
        Admin = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.AdminKey);
    }

    public WebApplication App { get; }

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; }

    /// <summary>Where its local instances live.</summary>
    public string Instances { get; }

    public static async Task<IsolatedControlPlane> StartAsync(ControlPlaneFixture fixture, IReadOnlyDictionary<string, string?> settings)
    {
        var database = $"controlplane_{Guid.NewGuid():N}";
        await ExecuteAsync(fixture.DatabaseConnectionString, $"CREATE DATABASE {database}");
        var instances = Directory.CreateTempSubdirectory("vrsky-isolated-").FullName;
        var app = await ControlPlaneFixture.StartControlPlaneAsync(fixture.NatsUrl,
            new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString) { Database = database }.ConnectionString,
            new Dictionary<string, string?>(settings) { ["ControlPlane:Provisioner:DataDirectory"] = instances });
        return new IsolatedControlPlane(fixture, database, instances, app);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        // The provisioner removes the folder itself once its last instance stopped.
        if (Directory.Exists(Instances))
        {
            Directory.Delete(Instances, recursive: true);
        }

        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
