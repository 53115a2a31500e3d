using Vrsky.Nats;
using Vrsky.Nats.JetStream;

namespace Vrsky.ControlPlane.Tests.Platform;

/// <summary>
/// <c>platform init</c> as the Kubernetes Job runs it, a process of its own: it waits for a platform NATS that is not
/// up yet, and gives up with a readable line once its deadline has passed.
/// </summary>
public sealed class PlatformInitWaitTests
{
    private const string Password = "PlatformInitWaitPassw0rd";
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task InitWaitsForAServerThatStartsLaterThenCreatesTheBuckets()
    {
        var port = FreePort.Next();
        await using var init = StartInit(port, ("ControlPlane__PlatformInit__RetryInterval", "00:00:00.250"));

        // It has tried and is waiting, so the server below really starts after it.
        await Eventually.WaitAsync(() => init.HasExited || init.Output.Any(l => l.StartsWith("waiting for the platform NATS at", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), "a progress line");
        Assert.False(init.HasExited, string.Join('\n', init.Output));
        Assert.Contains(init.Output, l => l.Contains($"nats://127.0.0.1:{port} (attempt 1,", StringComparison.Ordinal));

        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { Port = port, JetStream = true, User = "nats", Password = Password });
        await init.WaitForExitAsync(ExitDeadline);
        var output = string.Join('\n', init.Output);
        Assert.True(init.ExitCode == 0, output);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);

        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(server.UrlWithCredentials));
        var js = nats.CreateJetStreamContext();
        Assert.Equal(TimeSpan.FromMinutes(5), (await js.GetStreamAsync("KV_integration_locks")).Config.MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(15), (await js.GetStreamAsync("KV_message_state")).Config.MaxAge);
        Assert.Equal(1_000_000_000, (await js.GetStreamAsync("KV_retry_queue")).Config.MaxBytes);
        Assert.Equal(TimeSpan.FromDays(7), (await js.GetStreamAsync("KV_dead_letter_queue")).Config.MaxAge);
    }

    [Fact]
    public async Task InitGivesUpAfterItsDeadlineWithOneReadableLine()
    {
        var port = FreePort.Next();
        await using var init = StartInit(port, ("ControlPlane__PlatformInit__WaitTimeout", "00:00:03"), ("ControlPlane__PlatformInit__RetryInterval", "00:00:00.500"));

        await init.WaitForExitAsync(ExitDeadline);
        var output = string.Join('\n', init.Output);
        Assert.True(init.ExitCode == 1, output);
        Assert.Contains(init.Output, l => l.StartsWith($"platform init failed: the platform NATS at nats://127.0.0.1:{port} was not ready within 3 s (", StringComparison.Ordinal)
            && l.Contains("last error: Could not connect", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    /// <summary>Sized down like the other platform tests: the test server's JetStream has the disk's free space, not 161 GB.</summary>
    private static ServiceProcess StartInit(int port, params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__nats"] = $"nats://nats:{Password}@127.0.0.1:{port}",
            ["ControlPlane__Platform__MaxBytes__dead_letter_queue"] = "2000000000",
            ["ControlPlane__Platform__MaxBytes__retry_queue"] = "1000000000",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return ServiceProcess.Start("Vrsky.ControlPlane", environment, "platform", "init");
    }
}
