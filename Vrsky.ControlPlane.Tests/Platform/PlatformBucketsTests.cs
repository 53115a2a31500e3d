using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.Platform;

[Collection(ControlPlaneCollection.Name)]
public sealed class PlatformBucketsTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData("message_state", 15 * 60, 10_000_000_000)]
    [InlineData("integration_locks", 2, 1_000_000_000)] // TTL as the fixture configures it (default 5 min)
    [InlineData("retry_queue", 60 * 60, 1_000_000_000)] // size as the fixture configures it (default 50 GB)
    [InlineData("dead_letter_queue", 7 * 24 * 60 * 60, 2_000_000_000)] // size as the fixture configures it (default 100 GB)
    public async Task BucketExistsWithItsTtlAndSizeLimit(string bucket, int ttlSeconds, long maxBytes)
    {
        await using var nats = fixture.PlatformNats();
        var info = await nats.CreateJetStreamContext().GetStreamAsync($"KV_{bucket}");

        Assert.Equal(TimeSpan.FromSeconds(ttlSeconds), info.Config.MaxAge);
        Assert.Equal(maxBytes, info.Config.MaxBytes);
        Assert.Equal(1, info.Config.NumReplicas);
    }

    [Fact]
    public async Task EnsuringTheBucketsAgainChangesNothing()
    {
        await using var nats = fixture.PlatformNats();
        var js = nats.CreateJetStreamContext();
        string[] buckets = [PlatformBuckets.MessageState, PlatformBuckets.IntegrationLocks, PlatformBuckets.RetryQueue, PlatformBuckets.DeadLetterQueue];
        var store = await js.CreateKeyValueContext().GetStoreAsync(PlatformBuckets.DeadLetterQueue);
        await store.PutAsync("probe.second-start", "kept");
        var before = new List<StreamInfo>();
        foreach (var bucket in buckets)
        {
            before.Add(await js.GetStreamAsync($"KV_{bucket}"));
        }

        await PlatformBuckets.EnsureAsync(nats, fixture.App.Services.GetRequiredService<IOptions<PlatformOptions>>().Value, CancellationToken.None);

        foreach (var (bucket, was) in buckets.Zip(before))
        {
            var after = await js.GetStreamAsync($"KV_{bucket}");
            Assert.Equal(was.Created, after.Created);
            Assert.Equal(was.Config with { Subjects = [] }, after.Config with { Subjects = [] });
            Assert.Equal(was.Config.Subjects, after.Config.Subjects);
        }

        Assert.Equal("kept", (await store.GetEntryAsync<string>("probe.second-start")).Value);
        await store.PurgeAsync("probe.second-start");
    }

    [Fact]
    public void DefaultsAreTheSeedsBuckets()
    {
        var configs = PlatformBuckets.Configs(new PlatformOptions()).ToDictionary(c => c.Bucket);
        Assert.Equal(TimeSpan.FromMinutes(5), configs["integration_locks"].MaxAge);
        Assert.Equal(TimeSpan.FromMinutes(15), configs["message_state"].MaxAge);
        Assert.Equal(100_000_000_000, configs["dead_letter_queue"].MaxBytes);
        Assert.Equal(161_000_000_000, configs.Values.Sum(c => c.MaxBytes));
        Assert.All(configs.Values, c => Assert.Equal(3, (PlatformBuckets.Configs(new PlatformOptions { Replicas = 3 }).Single(x => x.Bucket == c.Bucket)).NumReplicas));
    }
}
