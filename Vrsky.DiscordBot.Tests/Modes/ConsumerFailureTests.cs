using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Modes;

/// <summary>
/// A JetStream consumer that dies takes the process down with a line and exit code 1 (an orchestrator restarts it),
/// instead of a gateway that acknowledges interactions and never answers them, or a worker that stops with code 0.
/// </summary>
[Collection(BotCollection.Name)]
public sealed class ConsumerFailureTests(BotFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheGatewayExitsNonZeroWhenItsResponseConsumerFails()
    {
        var environment = "respdead" + Guid.NewGuid().ToString("N")[..6];
        var subjects = new BotSubjects(environment);
        await using var bots = new BotProcesses(output);
        var gateway = bots.Start("gateway", fixture.Environment("gateway", environment));
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            await DeleteConsumerAsync(subjects.ResponseStream, subjects.GatewayConsumer);

            await gateway.WaitForExitAsync(Deadline);

            Assert.Equal(FatalExit.StartupFailedExitCode, gateway.ExitCode);
            Assert.Contains(gateway.Output, line => line.StartsWith("NATS: the response consumer failed", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task AWorkerExitsNonZeroWhenItsInteractionConsumerFails()
    {
        var environment = "workdead" + Guid.NewGuid().ToString("N")[..6];
        var subjects = new BotSubjects(environment);
        await using var bots = new BotProcesses(output);
        var worker = bots.Start("worker", fixture.Environment("worker", environment));
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            await DeleteConsumerAsync(subjects.InteractionStream, subjects.WorkerConsumer);

            await worker.WaitForExitAsync(Deadline);

            Assert.Equal(FatalExit.StartupFailedExitCode, worker.ExitCode);
            Assert.Contains(worker.Output, line => line.StartsWith("NATS: the interaction consumer failed", StringComparison.Ordinal));
        });
    }

    /// <summary>Deletes the consumer once the process has created it (ready comes before the consumer exists).</summary>
    private async Task DeleteConsumerAsync(string stream, string consumer)
    {
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var js = nats.CreateJetStreamContext();
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                await js.GetConsumerAsync(stream, consumer);
                return true;
            }
            catch (NatsJSException)
            {
                return false;
            }
        }, Deadline, $"consumer {consumer}");
        Assert.True(await js.DeleteConsumerAsync(stream, consumer));
    }
}
