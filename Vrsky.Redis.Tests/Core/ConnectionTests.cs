using Vrsky.Redis.Protocol;
using Vrsky.Redis.Tests.Infrastructure;

namespace Vrsky.Redis.Tests.Core;

public class ConnectionTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task AuthenticatesWithThePasswordFromTheConnectionString()
    {
        await using var redis = fixture.Connect();
        await redis.ConnectAsync();
        Assert.Equal(RedisConnectionState.Open, redis.ConnectionState);
        Assert.True(await redis.PingAsync() > TimeSpan.Zero);
    }

    [Fact]
    public async Task AuthenticatesAsTheDefaultUserByName()
    {
        await using var redis = fixture.Connect(o => o with { User = "default" });
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task WrongPasswordThrowsAClearAuthenticationError()
    {
        await using var redis = fixture.Connect(o => o with { Password = "not-the-password" });
        var e = await Assert.ThrowsAsync<RedisAuthenticationException>(async () => await redis.PingAsync());
        Assert.Contains("rejected the credentials", e.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
        Assert.Equal("WRONGPASS", Assert.IsType<RedisServerException>(e.InnerException).Prefix);
        Assert.Equal(RedisConnectionState.Closed, redis.ConnectionState);
    }

    [Fact]
    public async Task MissingPasswordThrowsAClearAuthenticationError()
    {
        await using var redis = fixture.Connect(o => o with { Password = null });
        var e = await Assert.ThrowsAsync<RedisAuthenticationException>(async () => await redis.ConnectAsync());
        Assert.Contains("requires a password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListeningThrowsConnectionError()
    {
        await using var redis = new RedisConnection(RedisOpts.Default with { Port = FreePort.Next(), ConnectTimeout = TimeSpan.FromSeconds(2) });
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await redis.PingAsync());
    }

    [Fact]
    public async Task ServerErrorsSurfaceWithTheirPrefix()
    {
        await using var redis = fixture.Connect();
        var key = RedisServerFixture.Key("wrongtype");
        await redis.SAddAsync(key, "member");

        var wrongType = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.GetAsync(key));
        Assert.Equal("WRONGTYPE", wrongType.Prefix);

        var unknown = await Assert.ThrowsAsync<RedisServerException>(async () => await redis.ExecuteAsync("NOSUCHCOMMAND", "x"));
        Assert.Equal("ERR", unknown.Prefix);
        Assert.Contains("unknown command", unknown.Message, StringComparison.Ordinal);

        // The connection stays usable after error replies.
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
    }

    [Fact]
    public async Task ThousandConcurrentCommandsEachGetTheirOwnReply()
    {
        await using var redis = fixture.Connect();
        var prefix = RedisServerFixture.Key("pipeline");
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => redis.SetAsync($"{prefix}:{i}", $"value-{i}").AsTask()));

        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return i % 2 == 0
                ? await redis.GetAsync($"{prefix}:{i}")
                : (await redis.IncrByAsync($"{prefix}:counter:{i}", i)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        })).ToArray();
        start.SetResult();
        var replies = await Task.WhenAll(tasks);

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? $"value-{i}" : i.ToString(System.Globalization.CultureInfo.InvariantCulture), replies[i]);
        }
    }

    [Fact]
    public async Task ExecuteTakesStringAndByteArguments()
    {
        await using var redis = fixture.Connect();
        var key = RedisServerFixture.Key("execute");
        Assert.Equal(RespType.SimpleString, (await redis.ExecuteAsync("SET", key, new byte[] { 1, 2, 3 })).Type);
        var reply = await redis.ExecuteAsync(["GET", key], CancellationToken.None);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Bytes.ToArray());
        Assert.Equal(3, (await redis.ExecuteAsync("STRLEN", key)).Integer);
    }

    [Fact]
    public async Task SelectsTheConfiguredDatabase()
    {
        var key = RedisServerFixture.Key("db");
        await using var db2 = fixture.Connect(o => o with { Database = 2 });
        await using var db0 = fixture.Connect();
        await db2.SetAsync(key, "in-2");
        Assert.Equal("in-2", await db2.GetAsync(key));
        Assert.Null(await db0.GetAsync(key));
    }

    [Fact]
    public async Task TimedOutCommandsLateReplyIsNotHandedToTheNextCaller()
    {
        await using var redis = fixture.Connect(o => o with { CommandTimeout = TimeSpan.FromMilliseconds(200) });
        await using var other = fixture.Connect();
        var list = RedisServerFixture.Key("blocked");
        var key = RedisServerFixture.Key("timeout");

        // BLPOP blocks this connection server-side until something is pushed; its reply arrives after the caller gave up.
        var e = await Assert.ThrowsAsync<RedisTimeoutException>(async () => await redis.ExecuteAsync("BLPOP", list, 0L));
        Assert.Contains("BLPOP", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await other.ExecuteAsync("LPUSH", list, "late")).Integer);

        await redis.SetAsync(key, "after");
        Assert.Equal("after", await redis.GetAsync(key));
    }

    [Fact]
    public async Task DisposedConnectionRejectsCommands()
    {
        var redis = fixture.Connect();
        await redis.PingAsync();
        await redis.DisposeAsync();
        Assert.Equal(RedisConnectionState.Disposed, redis.ConnectionState);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await redis.PingAsync());
    }
}
