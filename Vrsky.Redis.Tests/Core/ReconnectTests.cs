using Vrsky.Redis.Tests.Infrastructure;

namespace Vrsky.Redis.Tests.Core;

/// <summary>Each test owns its server, since it restarts it.</summary>
public class ReconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReconnectsAndReauthenticatesAfterTheServerRestartsOnTheSamePort()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = new RedisConnection(server.Opts);
        var key = RedisServerFixture.Key("restart");
        Assert.True(await redis.SetAsync(key, "before"));

        await server.RestartAsync();

        // The first command may see the broken socket; within the deadline commands work again, authenticated.
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await redis.PingAsync();
                    return true;
                }
                catch (RedisException)
                {
                    return false;
                }
            },
            Deadline,
            "commands succeed after the restart");

        Assert.Equal(RedisConnectionState.Open, redis.ConnectionState);
        Assert.Null(await redis.GetAsync(key)); // no persistence: a fresh server
        Assert.True(await redis.SetAsync(key, "after"));
        Assert.Equal("after", await redis.GetAsync(key));
    }

    [Fact]
    public async Task CommandsIssuedWhileTheServerIsDownCompleteOnceItIsBack()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = new RedisConnection(server.Opts with { CommandTimeout = TimeSpan.FromSeconds(10) });
        await redis.PingAsync();

        await server.StopAsync();
        await Eventually.WaitAsync(
            () => Task.FromResult(redis.ConnectionState == RedisConnectionState.Reconnecting),
            Deadline,
            "the client notices the server is gone");

        var queued = redis.IncrAsync(RedisServerFixture.Key("queued")).AsTask();
        Assert.False(queued.IsCompleted);
        await server.RestartAsync();
        Assert.Equal(1, await queued.WaitAsync(Deadline));
    }

    [Fact]
    public async Task InFlightCommandsFailClearlyWhenTheConnectionBreaks()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = new RedisConnection(server.Opts with { CommandTimeout = TimeSpan.FromSeconds(30) });
        await redis.PingAsync();

        // BLPOP with no timeout stays in flight until the server goes away; another connection sees it blocked.
        var inFlight = redis.ExecuteAsync(["BLPOP", RedisServerFixture.Key("never"), 0L], CancellationToken.None).AsTask();
        await using (var observer = new RedisConnection(server.Opts))
        {
            await Eventually.WaitAsync(
                async () => (await observer.ExecuteAsync("CLIENT", "LIST")).AsString()!.Contains("cmd=blpop", StringComparison.Ordinal),
                Deadline,
                "the BLPOP reached the server");
        }

        await server.StopAsync();

        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.WaitAsync(Deadline));
        Assert.Contains("may or may not have run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionsResumeAfterTheServerRestarts()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = new RedisConnection(server.Opts);
        var channel = RedisServerFixture.Key("resubscribe");
        await using var subscription = await redis.SubscribeCoreAsync(channel);

        await server.RestartAsync();

        // Once the pub/sub connection has re-subscribed, a publish reaches one receiver again.
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return await redis.PublishAsync(channel, "back") == 1;
                }
                catch (RedisException)
                {
                    return false;
                }
            },
            Deadline,
            "the subscription is restored");
        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal("back", (await subscription.Msgs.ReadAsync(timeout.Token)).Text);
    }
}
