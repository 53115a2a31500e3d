using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Core;

public class ClusterFailoverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KillingTheOnlyKnownNodeFailsOverToADiscoveredOne()
    {
        await using var cluster = await NatsCluster.StartAsync(jetStream: false);
        var nodeA = cluster.Nodes[0];
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = nodeA.Url, ReconnectWait = TimeSpan.FromMilliseconds(100) });
        await using var publisher = new NatsConnection(NatsOpts.Default with { Url = cluster.Nodes[1].Url });
        await using var responderConnection = new NatsConnection(NatsOpts.Default with { Url = cluster.Nodes[2].Url });
        using var cts = new CancellationTokenSource(Deadline);

        await using var sub = await nats.SubscribeCoreAsync<int>("stream", cancellationToken: cts.Token);
        await using var service = await responderConnection.SubscribeCoreAsync<int>("svc", cancellationToken: cts.Token);
        var responder = Task.Run(async () =>
        {
            await foreach (var msg in service.Msgs.ReadAllAsync(cts.Token))
            {
                await msg.ReplyAsync(msg.Data + 1, cancellationToken: cts.Token);
            }
        });
        await Eventually.WaitAsync(() => nats.ServerInfo?.ConnectUrls?.Count >= 2, Deadline, "connect_urls announced");
        await Eventually.WaitAsync(async () => (await nodeA.GetMonitorAsync("/subsz?subs=1")).Contains("\"stream\""), Deadline);

        await publisher.PublishAsync("stream", 1, cancellationToken: cts.Token);
        Assert.Equal(1, (await sub.Msgs.ReadAsync(cts.Token)).Data);

        nodeA.Kill();
        await Eventually.WaitAsync(() => nats.ConnectionState == NatsConnectionState.Open && nats.ServerInfo!.Port != nodeA.Port, Deadline, "failover");
        await nats.FlushAsync(cts.Token);

        // Interest propagates across routes asynchronously; keep publishing until it arrives.
        var delivered = false;
        var value = 100;
        while (!delivered)
        {
            await publisher.PublishAsync("stream", ++value, cancellationToken: cts.Token);
            delivered = await sub.Msgs.WaitToReadAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromMilliseconds(100), cts.Token).ContinueWith(t => t.IsCompletedSuccessfully);
        }

        Assert.True((await sub.Msgs.ReadAsync(cts.Token)).Data > 100);
        var reply = await nats.RequestAsync<int, int>("svc", 41, cancellationToken: cts.Token);
        Assert.Equal(42, reply.Data);
    }

    [Fact]
    public async Task LameDuckNodeHandsItsClientToAnotherNodeAndSubscriptionsKeepDelivering()
    {
        await using var cluster = await NatsCluster.StartAsync(jetStream: false);
        var nodeA = cluster.Nodes[0];
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = nodeA.Url, ReconnectWait = TimeSpan.FromMilliseconds(100) });
        await using var publisher = new NatsConnection(NatsOpts.Default with { Url = cluster.Nodes[1].Url });
        using var cts = new CancellationTokenSource(Deadline);
        var states = new System.Collections.Concurrent.ConcurrentQueue<NatsConnectionState>();
        nats.ConnectionStateChanged += (_, e) => states.Enqueue(e.State);

        await using var sub = await nats.SubscribeCoreAsync<int>("ldm", cancellationToken: cts.Token);
        await Eventually.WaitAsync(() => nats.ServerInfo?.ConnectUrls?.Count >= 2, Deadline, "connect_urls announced");
        await Eventually.WaitAsync(async () => (await nodeA.GetMonitorAsync("/subsz?subs=1")).Contains("\"ldm\""), Deadline);
        await publisher.PublishAsync("ldm", 1, cancellationToken: cts.Token);
        Assert.Equal(1, (await sub.Msgs.ReadAsync(cts.Token)).Data);

        // nats-server waits a 10 s grace period before it starts closing clients; moving sooner
        // proves the client acted on the INFO that announced lame duck mode.
        var entered = System.Diagnostics.Stopwatch.StartNew();
        await nodeA.EnterLameDuckModeAsync();
        await Eventually.WaitAsync(() => nats.ConnectionState == NatsConnectionState.Open && nats.ServerInfo!.Port != nodeA.Port, TimeSpan.FromSeconds(8), "moved off the lame duck node");
        Assert.True(entered.Elapsed < TimeSpan.FromSeconds(8));
        Assert.True(nodeA.IsRunning, "the lame duck node is still up: the client left on its own");
        await nats.FlushAsync(cts.Token);

        // Interest propagates across routes asynchronously; keep publishing until it arrives.
        var value = 100;
        var delivered = false;
        while (!delivered)
        {
            await publisher.PublishAsync("ldm", ++value, cancellationToken: cts.Token);
            delivered = await sub.Msgs.WaitToReadAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromMilliseconds(100), cts.Token).ContinueWith(t => t.IsCompletedSuccessfully);
        }

        Assert.True((await sub.Msgs.ReadAsync(cts.Token)).Data > 100);
        Assert.Contains(NatsConnectionState.Reconnecting, states);
        Assert.DoesNotContain(NatsConnectionState.Closed, states);
    }

    [Fact]
    public async Task JetStreamClusterFormsWithAMetaLeader()
    {
        await using var cluster = await NatsCluster.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = cluster.Url });
        await nats.ConnectAsync();
        Assert.True(nats.ServerInfo!.JetStream);
        var reply = await nats.RequestAsync<string, string>("$JS.API.INFO", "");
        Assert.Contains("\"type\":\"io.nats.jetstream.api.v1.account_info_response\"", reply.Data);
    }
}
