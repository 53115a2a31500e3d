using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vrsky.Hosting;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;
using Vrsky.Hosting.Testing;

namespace Vrsky.Tests.Platform;

public sealed class OrchestratorFailureTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ProjectThatCrashesAtStartIsReportedExitedWithItsLastLogLinesAndItsDependentsNeverStart()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        // The control plane without its connection strings stops at start-up with a clear message.
        var crashing = builder.AddProject("controlplane", "../Vrsky.ControlPlane/Vrsky.ControlPlane.csproj").WithHttpEndpoint();
        builder.AddProject("tokenworker", "../Vrsky.TokenWorker/Vrsky.TokenWorker.csproj").WithHttpEndpoint().WaitFor(crashing);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        using var cts = new CancellationTokenSource(Deadline);

        var failure = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => app.ResourceNotifications.WaitForResourceHealthyAsync("controlplane", cts.Token));
        Assert.Contains("Exited", failure.Message);
        Assert.Contains("is missing: set ConnectionStrings", failure.Message);

        app.ResourceNotifications.TryGetSnapshot("controlplane", out var crashed);
        Assert.Equal(KnownResourceStates.Exited, crashed.State);
        Assert.NotEqual(0, crashed.ExitCode);

        var dependent = await app.ResourceNotifications.WaitForResourceAsync("tokenworker", s => KnownResourceStates.IsTerminal(s.State), cts.Token);
        Assert.Equal(KnownResourceStates.FailedToStart, dependent.State);
        Assert.Null(dependent.StartedAt);
        Assert.Contains("controlplane", dependent.StateReason);
        Assert.Empty(app.ResourceLogs.GetLines("tokenworker"));
    }

    [Fact]
    public async Task MissingServerBinaryFailsFastWithOneLineNamingItAndTheInstallCommand()
    {
        var emptySearchPath = Directory.CreateTempSubdirectory("vrsky-no-binaries-").FullName;
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.Configuration[ExecutableLocator.SearchPathConfigurationKey] = emptySearchPath;
        builder.AddNats("nats");
        builder.AddRedis("redis");
        await using var app = await builder.BuildAsync();

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("nats-server", error.Message);
        Assert.Contains("apt-get install -y nats-server redis-server", error.Message);
        Assert.All(app.ResourceNotifications.Snapshots.Where(s => s.ResourceType != "Parameter"),
            s => Assert.Equal(KnownResourceStates.NotStarted, s.State));
    }

    [Fact]
    public async Task FixedPortHeldByAnotherProgramIsReportedNamingTheResource()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.Configuration["Vrsky:Hosting:RandomizePorts"] = "false";
        builder.AddRedis("redis", port: port);
        await using var app = await builder.BuildAsync();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());
        Assert.Contains($"Port {port}", error.Message);
        Assert.Contains("'redis/tcp'", error.Message);
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task StoppingWhileAResourceStillWaitsEndsCleanly()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        // Never answers /health, so its dependent waits until the application stops.
        var neverHealthy = builder.AddExecutable("never-healthy", "sleep", ".", "60").WithHttpEndpoint();
        builder.AddProject("tokenworker", "../Vrsky.TokenWorker/Vrsky.TokenWorker.csproj").WithHttpEndpoint().WaitFor(neverHealthy);
        var app = await builder.BuildAsync();
        await app.StartAsync();
        using var cts = new CancellationTokenSource(Deadline);
        await app.ResourceNotifications.WaitForResourceAsync("never-healthy", s => s.State == KnownResourceStates.Running, cts.Token);
        await app.ResourceNotifications.WaitForResourceAsync("tokenworker", s => s.State == KnownResourceStates.Waiting, cts.Token);

        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        app.ResourceNotifications.TryGetSnapshot("never-healthy", out var stopped);
        Assert.Equal(KnownResourceStates.Finished, stopped.State);
        app.ResourceNotifications.TryGetSnapshot("tokenworker", out var waiting);
        Assert.Null(waiting.StartedAt);
    }
}
