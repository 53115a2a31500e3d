using System.Diagnostics;
using Vrsky.Nats.Tests.Infrastructure;

namespace Vrsky.Nats.Tests.Core;

public class RequestReplyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RequestGetsReply()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await nats.SubscribeCoreAsync<int>("double", cancellationToken: cts.Token);
        var responder = RespondAsync(sub, x => x * 2, cts.Token);

        var reply = await nats.RequestAsync<int, int>("double", 21, cancellationToken: cts.Token);
        Assert.Equal(42, reply.Data);
        cts.Cancel();
        await responder;
    }

    [Fact]
    public async Task NoRespondersFailsFast()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url, RequestTimeout = TimeSpan.FromSeconds(10) });
        await nats.ConnectAsync();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NatsNoRespondersException>(() => nats.RequestAsync<string, string>("nobody.home", "hi").AsTask());
        Assert.Equal("nobody.home", error.Subject);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task SilentResponderTimesOut()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var silent = await nats.SubscribeCoreAsync<string>("silent");
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<NatsTimeoutException>(() =>
            nats.RequestAsync<string, string>("silent", "hi", opts: new NatsRequestOpts { Timeout = TimeSpan.FromMilliseconds(300) }).AsTask());
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ThousandConcurrentRequestsEachGetTheirOwnReply()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var responderConnection = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        using var cts = new CancellationTokenSource(Deadline);
        await using var sub = await responderConnection.SubscribeCoreAsync<string>("echo", opts: new NatsSubOpts { ChannelCapacity = 2048 }, cancellationToken: cts.Token);
        var responder = RespondAsync(sub, s => "re:" + s, cts.Token);

        var requests = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            var reply = await nats.RequestAsync<string, string>("echo", i.ToString(), cancellationToken: cts.Token);
            return (i, reply.Data);
        }));
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.Equal("re:" + r.i, r.Data));
        cts.Cancel();
        await responder;
    }

    private static async Task RespondAsync<TIn, TOut>(INatsSub<TIn> sub, Func<TIn, TOut> handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(cancellationToken))
            {
                await msg.ReplyAsync(handler(msg.Data!), cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
