using Vrsky.Redis.Tests.Infrastructure;

namespace Vrsky.Redis.Tests.Core;

public class PubSubTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SubscriberReceivesPublishedMessagesInOrder()
    {
        await using var redis = fixture.Connect();
        var channel = RedisServerFixture.Key("chan");
        await using var subscription = await redis.SubscribeCoreAsync(channel);

        Assert.Equal(1, await redis.PublishAsync(channel, "one"));
        Assert.Equal(1, await redis.PublishAsync(channel, new byte[] { 0, 255 }.AsMemory()));
        Assert.Equal(0, await redis.PublishAsync(channel + ":other", "nobody"));

        using var timeout = new CancellationTokenSource(Deadline);
        var first = await subscription.Msgs.ReadAsync(timeout.Token);
        Assert.Equal((channel, "one", null), (first.Channel, first.Text, first.Pattern));
        var second = await subscription.Msgs.ReadAsync(timeout.Token);
        Assert.Equal(new byte[] { 0, 255 }, second.Payload.ToArray());
    }

    [Fact]
    public async Task AsyncStreamYieldsMessagesAndUnsubscribesWhenItEnds()
    {
        await using var redis = fixture.Connect();
        var channel = RedisServerFixture.Key("stream");
        using var timeout = new CancellationTokenSource(Deadline);
        var received = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var message in redis.SubscribeAsync(channel, timeout.Token))
            {
                received.Add(message.Text);
                if (received.Count == 3)
                {
                    break;
                }
            }
        });

        // The stream subscribes when enumeration starts: publish until someone is listening.
        await Eventually.WaitAsync(async () => await redis.PublishAsync(channel, "m") == 1, Deadline, "the stream subscribed");
        await redis.PublishAsync(channel, "m");
        await redis.PublishAsync(channel, "m");
        await reader.WaitAsync(Deadline);
        Assert.Equal(["m", "m", "m"], received);

        await Eventually.WaitAsync(async () => await redis.PublishAsync(channel, "late") == 0, Deadline, "the stream unsubscribed");
    }

    [Fact]
    public async Task PatternSubscriptionReceivesMatchingChannels()
    {
        await using var redis = fixture.Connect();
        var prefix = RedisServerFixture.Key("pat");
        await using var subscription = await redis.SubscribeCoreAsync(prefix + ":*", isPattern: true);
        Assert.True(subscription.IsPattern);

        Assert.Equal(1, await redis.PublishAsync(prefix + ":room1", "hello"));
        Assert.Equal(0, await redis.PublishAsync(prefix + "-elsewhere", "no"));
        Assert.Equal(1, await redis.PublishAsync(prefix + ":room2", "world"));

        using var timeout = new CancellationTokenSource(Deadline);
        var first = await subscription.Msgs.ReadAsync(timeout.Token);
        var second = await subscription.Msgs.ReadAsync(timeout.Token);
        Assert.Equal((prefix + ":room1", "hello", prefix + ":*"), (first.Channel, first.Text, first.Pattern));
        Assert.Equal((prefix + ":room2", "world"), (second.Channel, second.Text));
    }

    [Fact]
    public async Task PSubscribeStreamYieldsMessages()
    {
        await using var redis = fixture.Connect();
        var prefix = RedisServerFixture.Key("pstream");
        using var timeout = new CancellationTokenSource(Deadline);
        var reader = Task.Run(async () =>
        {
            await foreach (var message in redis.PSubscribeAsync(prefix + ".*", timeout.Token))
            {
                return message;
            }

            throw new InvalidOperationException("stream ended");
        });

        await Eventually.WaitAsync(async () => await redis.PublishAsync(prefix + ".x", "hi") == 1, Deadline, "the pattern stream subscribed");
        var message = await reader.WaitAsync(Deadline);
        Assert.Equal((prefix + ".x", "hi", prefix + ".*"), (message.Channel, message.Text, message.Pattern));
    }

    [Fact]
    public async Task TwoSubscriptionsToOneChannelShareTheServerSubscription()
    {
        await using var redis = fixture.Connect();
        var channel = RedisServerFixture.Key("shared");
        var a = await redis.SubscribeCoreAsync(channel);
        await using var b = await redis.SubscribeCoreAsync(channel);

        // One pub/sub connection, one server-side subscriber.
        Assert.Equal(1, await redis.PublishAsync(channel, "both"));
        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal("both", (await a.Msgs.ReadAsync(timeout.Token)).Text);
        Assert.Equal("both", (await b.Msgs.ReadAsync(timeout.Token)).Text);

        // Disposing one keeps the other subscribed.
        await a.DisposeAsync();
        Assert.Equal(1, await redis.PublishAsync(channel, "still"));
        Assert.Equal("still", (await b.Msgs.ReadAsync(timeout.Token)).Text);
    }

    [Fact]
    public async Task SlowSubscriptionDropsInsteadOfBlocking()
    {
        await using var redis = fixture.Connect(o => o with { SubscriptionCapacity = 2 });
        var slow = RedisServerFixture.Key("slow");
        var fast = RedisServerFixture.Key("fast");
        await using var slowSub = await redis.SubscribeCoreAsync(slow);
        await using var fastSub = await redis.SubscribeCoreAsync(fast);

        for (var i = 0; i < 5; i++)
        {
            await redis.PublishAsync(slow, $"s{i}");
        }

        await redis.PublishAsync(fast, "f");
        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal("f", (await fastSub.Msgs.ReadAsync(timeout.Token)).Text);
        Assert.Equal(3, slowSub.Dropped);
        Assert.Equal("s0", (await slowSub.Msgs.ReadAsync(timeout.Token)).Text);
    }
}
