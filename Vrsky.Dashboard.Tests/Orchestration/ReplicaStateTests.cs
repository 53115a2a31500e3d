extern alias apphost;

using System.Diagnostics;
using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Hosting;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Tests.Orchestration;

/// <summary>
/// What the resources page's replica rows show comes from the orchestrator: each replica's own process, state and
/// health. Runs in the dashboard collection only so its processes do not compete with the AppHost's start-up.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ReplicaStateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AKilledReplicaIsExitedByItselfAndARestartStartsBothAgain()
    {
        var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
        // The Discord emulator needs nothing else: a small HTTP project to run twice.
        builder.AddProject("emulator", "../tools/Vrsky.DiscordEmulator/Vrsky.DiscordEmulator.csproj").WithHttpEndpoint().WithReplicas(2);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        using var cts = new CancellationTokenSource(Deadline);

        var started = await app.ResourceNotifications.WaitForResourceAsync("emulator", BothRunningAndHealthy(restarts: 0), cts.Token);
        Assert.Equal(["emulator-0", "emulator-1"], started.ReplicaStates.Select(r => r.Name));
        Assert.All(started.ReplicaStates, r => Assert.NotNull(r.StartedAt));
        var pids = started.ReplicaStates.Select(r => r.ProcessId!.Value).ToList();
        Assert.Equal(2, pids.Distinct().Count());
        Assert.Equal(2, started.ReplicaStates.Select(r => r.Endpoint).Distinct().Count());
        Assert.DoesNotContain(started.ReplicaStates, r => r.Endpoint is null || started.Endpoints.Contains(r.Endpoint));

        using (var victim = Process.GetProcessById(pids[1]))
        {
            victim.Kill();
        }

        var killed = await app.ResourceNotifications.WaitForResourceAsync("emulator", s => s.ReplicaStates[1].State == KnownResourceStates.Exited, cts.Token);
        Assert.NotNull(killed.ReplicaStates[1].ExitCode);
        Assert.Equal(HealthStatus.Unhealthy, killed.ReplicaStates[1].Health);
        Assert.Equal(KnownResourceStates.Running, killed.ReplicaStates[0].State);
        Assert.Equal(pids[0], killed.ReplicaStates[0].ProcessId);

        Assert.True(await app.ExecuteCommandAsync("emulator", KnownResourceCommands.Restart));
        var restarted = await app.ResourceNotifications.WaitForResourceAsync("emulator", BothRunningAndHealthy(restarts: 1), cts.Token);
        Assert.Empty(restarted.ReplicaStates.Select(r => r.ProcessId!.Value).Intersect(pids));
        Assert.All(restarted.ReplicaStates, r => Assert.Null(r.ExitCode));
    }

    private static Func<ResourceSnapshot, bool> BothRunningAndHealthy(int restarts) => s =>
        s.ReplicaStates.Count == 2 &&
        s.ReplicaStates.All(r => r.State == KnownResourceStates.Running && r.Health == HealthStatus.Healthy && r.Restarts == restarts);
}
