using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.JetStream;

public class ConsumeRestartTests
{
    [Fact]
    public async Task ConsumeLoopSurvivesServerRestartOnSamePort()
    {
        await using var server = await NatsServerProcess.StartAsync(new NatsServerOptions { JetStream = true });
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url, ReconnectWait = TimeSpan.FromMilliseconds(100) });
        var js = nats.CreateJetStreamContext(new NatsJSOpts { NoRespondersRetry = TimeSpan.FromSeconds(10) });
        await js.CreateStreamAsync(new StreamConfig("RESTART", "restart.>") { Storage = StorageType.File });
        await js.CreateOrUpdateConsumerAsync("RESTART", new ConsumerConfig("worker"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var opts = new NatsJSConsumeOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2), IdleHeartbeat = TimeSpan.FromMilliseconds(500) };

        var received = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            await js.PublishAsync("restart.x", i, cancellationToken: cts.Token);
        }

        await foreach (var msg in js.ConsumeAsync<int>("RESTART", "worker", opts, cts.Token))
        {
            await msg.AckAsync(new NatsJSAckOpts { DoubleAck = true }, cts.Token);
            received.Add(msg.Data);
            if (received.Count == 5)
            {
                await server.RestartAsync(cts.Token);

                // Stored and acknowledged after the restart; the loop must pick these up by itself.
                for (var i = 5; i < 10; i++)
                {
                    await js.PublishAsync("restart.x", i, cancellationToken: cts.Token);
                }
            }

            if (received.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 10), received);
    }
}
