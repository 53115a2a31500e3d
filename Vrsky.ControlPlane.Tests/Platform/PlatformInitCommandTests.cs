extern alias apphost;

using Vrsky.ControlPlane.Platform;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.ControlPlane.Tests.Platform;

/// <summary><c>platform init</c> against a nats-server of its own: creates the four buckets, and a second run updates them in place.</summary>
public sealed class PlatformInitCommandTests : IAsyncLifetime
{
    private DistributedApplication? _servers;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
        builder.AddNats("nats").WithJetStream();
        _servers = await builder.BuildAsync();
        await _servers.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _servers.ResourceNotifications.WaitForResourceHealthyAsync("nats", deadline.Token);
        _url = (await _servers.GetConnectionStringAsync("nats"))!;
    }

    [Fact]
    public async Task InitCreatesTheBucketsAndASecondRunUpdatesThemInPlace()
    {
        Assert.Equal(0, await PlatformInitCommand.RunAsync(Args()));

        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(_url));
        var js = nats.CreateJetStreamContext();
        var created = await js.GetStreamAsync("KV_integration_locks");
        Assert.Equal(TimeSpan.FromMinutes(5), created.Config.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(15), (await js.GetStreamAsync("KV_message_state")).Config.MaxAge);
        Assert.Equal(TimeSpan.FromHours(1), (await js.GetStreamAsync("KV_retry_queue")).Config.MaxAge);
        var letters = await js.GetStreamAsync("KV_dead_letter_queue");
        Assert.Equal(TimeSpan.FromDays(7), letters.Config.MaxAge);
        Assert.Equal(2_000_000_000, letters.Config.MaxBytes);

        Assert.Equal(0, await PlatformInitCommand.RunAsync(Args("--ControlPlane:Platform:LockTtl=00:01:00")));

        var updated = await js.GetStreamAsync("KV_integration_locks");
        Assert.Equal(TimeSpan.FromMinutes(1), updated.Config.MaxAge);
        Assert.Equal(created.Created, updated.Created);
    }

    [Fact]
    public async Task WrongUsageAndMissingSettingsExitWithTwo()
    {
        Assert.Equal(2, await PlatformInitCommand.RunAsync(["platform", "destroy"]));
        Assert.Equal(2, await PlatformInitCommand.RunAsync([.. Args(), "--ControlPlane:Platform:Replicas=9"]));
    }

    /// <summary>Sized down like the test fixture: the test server's JetStream has the disk's free space, not 161 GB.</summary>
    private string[] Args(params string[] extra) =>
    [
        "platform", "init", $"--ConnectionStrings:nats={_url}",
        "--ControlPlane:Platform:MaxBytes:dead_letter_queue=2000000000", "--ControlPlane:Platform:MaxBytes:retry_queue=1000000000",
        .. extra,
    ];

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}
