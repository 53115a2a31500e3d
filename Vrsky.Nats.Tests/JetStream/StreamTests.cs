using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.Tests.JetStream;

public class StreamTests(JetStreamServerFixture fixture) : IClassFixture<JetStreamServerFixture>
{
    private readonly INatsJSContext _js = fixture.JetStream;

    [Fact]
    public async Task CreateInfoUpdateListDelete()
    {
        var name = JetStreamServerFixture.UniqueName("CRUD");
        var created = await _js.CreateStreamAsync(new StreamConfig(name, $"{name}.>") { Storage = StorageType.Memory, MaxAge = TimeSpan.FromMinutes(5) });
        Assert.Equal(name, created.Config.Name);
        Assert.Equal(TimeSpan.FromMinutes(5), created.Config.MaxAge);

        // Creating the identical stream again is accepted, so start-up code can be idempotent.
        await _js.CreateStreamAsync(created.Config);

        var updated = await _js.UpdateStreamAsync(created.Config with { MaxMsgs = 100, Description = "orders" });
        Assert.Equal(100, updated.Config.MaxMsgs);
        Assert.Equal("orders", (await _js.GetStreamAsync(name)).Config.Description);

        var names = new List<string>();
        await foreach (var n in _js.ListStreamNamesAsync())
        {
            names.Add(n);
        }

        Assert.Contains(name, names);

        Assert.True(await _js.DeleteStreamAsync(name));
        await Assert.ThrowsAsync<NatsJSStreamNotFoundException>(async () => await _js.GetStreamAsync(name));
    }

    [Fact]
    public async Task PurgeAllOrOneSubject()
    {
        var name = JetStreamServerFixture.UniqueName("PURGE");
        await _js.CreateStreamAsync(new StreamConfig(name, $"{name}.>") { Storage = StorageType.Memory });
        for (var i = 0; i < 3; i++)
        {
            await _js.PublishAsync($"{name}.a", i);
            await _js.PublishAsync($"{name}.b", i);
        }

        Assert.Equal(3UL, await _js.PurgeStreamAsync(name, new StreamPurgeRequest { Filter = $"{name}.a" }));
        Assert.Equal(3UL, (await _js.GetStreamAsync(name)).State.Messages);

        Assert.Equal(3UL, await _js.PurgeStreamAsync(name));
        var state = (await _js.GetStreamAsync(name)).State;
        Assert.Equal(0UL, state.Messages);
        Assert.Equal(6UL, state.LastSeq);
    }

    [Fact]
    public async Task ApiErrorsAreTyped()
    {
        var ex = await Assert.ThrowsAsync<NatsJSStreamNotFoundException>(async () => await _js.GetStreamAsync("NO_SUCH_STREAM"));
        Assert.Equal(404, ex.Code);
        Assert.Equal(NatsJSErrorCodes.StreamNotFound, ex.ErrorCode);

        var name = JetStreamServerFixture.UniqueName("ERR");
        await _js.CreateStreamAsync(new StreamConfig(name, $"{name}.>") { Storage = StorageType.Memory });
        await Assert.ThrowsAsync<NatsJSConsumerNotFoundException>(async () => await _js.GetConsumerAsync(name, "nobody"));

        // Same name, overlapping config change the server refuses: a generic API error with its err_code.
        var clash = await Assert.ThrowsAnyAsync<NatsJSApiException>(async () => await _js.CreateStreamAsync(new StreamConfig(name, "other.>")));
        Assert.NotEqual(0, clash.ErrorCode);
    }

    [Fact]
    public void InvalidNamesAreRejectedBeforeAnyRequest()
    {
        var ex = Assert.Throws<ArgumentException>(() => { _ = _js.GetStreamAsync("has.dot"); });
        Assert.Contains("'.'", ex.Message);
    }
}
