using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.JetStream;

public class ClusterFailoverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KillingTheStreamLeaderLosesNoAcknowledgedMessageOrKvValue()
    {
        await using var cluster = await NatsCluster.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = cluster.Url, ReconnectWait = TimeSpan.FromMilliseconds(100) });
        var js = nats.CreateJetStreamContext(new NatsJSOpts { RequestTimeout = TimeSpan.FromSeconds(2), NoRespondersRetry = TimeSpan.FromSeconds(10) });
        using var cts = new CancellationTokenSource(Deadline * 2);
        var stream = await js.CreateStreamAsync(new StreamConfig("ORDERS", "orders.>") { NumReplicas = 3 }, cts.Token);
        var kv = await js.CreateKeyValueContext().CreateStoreAsync(new NatsKVConfig("platform") { NumReplicas = 3, History = 2 }, cts.Token);
        for (var i = 0; i < 20; i++)
        {
            await kv.PutAsync($"tenant.{i}", $"state-{i}", cts.Token);
        }

        var acked = new HashSet<int>();
        for (var i = 0; i < 300; i++)
        {
            if (i == 100)
            {
                var leader = (await js.GetStreamAsync("ORDERS", cts.Token)).Cluster!.Leader;
                cluster.Nodes.Single(n => n.Options.ServerName == leader).Kill();
            }

            await RetryAsync(() => js.PublishAsync($"orders.{i % 7}", i, new NatsJSPubOpts { MsgId = $"order-{i}" }, cancellationToken: cts.Token).AsTask(), cts.Token);
            acked.Add(i);
        }

        // Every acknowledged message is readable from the surviving majority.
        await RetryAsync(() => js.CreateOrUpdateConsumerAsync("ORDERS", new ConsumerConfig("audit"), cts.Token).AsTask(), cts.Token);
        var read = new HashSet<int>();
        var reading = System.Diagnostics.Stopwatch.StartNew();
        while (read.Count < acked.Count)
        {
            // A new R3 consumer needs a leader before pulls are served; until then fetches come back empty.
            Assert.True(reading.Elapsed < Deadline, $"only {read.Count} of {acked.Count} acknowledged messages readable");
            await foreach (var msg in js.FetchAsync<int>("ORDERS", "audit", new NatsJSFetchOpts { MaxMsgs = 100, Expires = TimeSpan.FromSeconds(2) }, cts.Token))
            {
                read.Add(msg.Data);
                await msg.AckAsync(cancellationToken: cts.Token);
            }
        }

        Assert.Subset(read, acked);
        Assert.Equal(3, stream.Config.NumReplicas);

        // KV values written before the failover are intact, and the bucket still takes writes.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"state-{i}", (await kv.GetEntryAsync<string>($"tenant.{i}", cancellationToken: cts.Token)).Value);
        }

        var revision = await kv.PutAsync("tenant.0", "after-failover", cts.Token);
        Assert.Equal("after-failover", (await kv.GetEntryAsync<string>("tenant.0", revision, cts.Token)).Value);
    }

    /// <summary>
    /// What a careful client does while leaders are re-elected: retry. Publishes carry a Nats-Msg-Id, so a
    /// publish whose ack was lost in the failover is not stored twice; creating the same consumer is idempotent.
    /// </summary>
    private static async Task RetryAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (NatsException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
