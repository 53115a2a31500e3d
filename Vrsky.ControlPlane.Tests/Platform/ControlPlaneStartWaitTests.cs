using Npgsql;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.ControlPlane.Tests.Platform;

/// <summary>
/// The control plane process started before its platform NATS (a pod scheduled before the cluster formed): it waits,
/// logging each attempt, instead of failing its start, and becomes healthy once the server is up.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ControlPlaneStartWaitTests(ControlPlaneFixture fixture)
{
    private const string Password = "ControlPlaneStartWaitPassw0rd";

    [Fact]
    public async Task AControlPlaneStartedBeforeItsNatsWaitsThenBecomesHealthy()
    {
        var port = FreePort.Next();
        var database = $"controlplane_{Guid.NewGuid():N}";
        await ExecuteAsync(fixture.DatabaseConnectionString, $"CREATE DATABASE {database}");
        var instances = Directory.CreateTempSubdirectory("vrsky-startwait-").FullName;
        try
        {
            await using var controlPlane = ServiceProcess.Start("Vrsky.ControlPlane", new Dictionary<string, string>
            {
                ["ConnectionStrings__nats"] = $"nats://nats:{Password}@127.0.0.1:{port}",
                ["ConnectionStrings__controlplanedb"] = new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString) { Database = database }.ConnectionString,
                ["ControlPlane__AdminKey"] = ControlPlaneFixture.AdminKey,
                ["ControlPlane__Provisioner__DataDirectory"] = instances,
                ["ControlPlane__PlatformInit__RetryInterval"] = "00:00:00.250",
                // The test server's JetStream has the disk's free space, not seed 002's 161 GB.
                ["ControlPlane__Platform__MaxBytes__dead_letter_queue"] = "2000000000",
                ["ControlPlane__Platform__MaxBytes__retry_queue"] = "1000000000",
            });

            // Two attempts have failed and it still runs, so the server below really starts after it.
            var waiting = $"Waiting for the platform NATS at nats://127.0.0.1:{port} (attempt 2,";
            await Eventually.WaitAsync(() => controlPlane.HasExited || controlPlane.Output.Any(l => l.Contains(waiting, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(90), "progress lines in the log");
            Assert.False(controlPlane.HasExited, string.Join('\n', controlPlane.Output));

            await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Port = port, JetStream = true, User = "nats", Password = Password });
            await controlPlane.WaitHealthyAsync();

            var output = string.Join('\n', controlPlane.Output);
            Assert.Contains("Platform KV buckets ready", output, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
            await using var nats = new NatsConnection(NatsOpts.FromConnectionString(server.UrlWithCredentials));
            Assert.Equal(TimeSpan.FromDays(7), (await nats.CreateJetStreamContext().GetStreamAsync("KV_dead_letter_queue")).Config.MaxAge);
        }
        finally
        {
            await ExecuteAsync(fixture.DatabaseConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            Directory.Delete(instances, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
