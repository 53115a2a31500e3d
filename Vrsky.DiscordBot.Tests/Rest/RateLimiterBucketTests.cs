using System.Net;
using Vrsky.Discord;
using Vrsky.Discord.Rest;

namespace Vrsky.DiscordBot.Tests.Rest;

public sealed class RateLimiterBucketTests
{
    [Fact]
    public async Task BucketsOfFinishedInteractionsAreDropped()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RateLimiter(clock, DiscordOpts.Default.GlobalRequestsPerSecond);
        var largest = 0;
        for (var i = 0; i < 5_000; i++)
        {
            await CallAsync(limiter, Callback(i), "interactions-bucket", remaining: 0);
            // Each interaction is answered once; its window (1 s) passes before long.
            clock.Advance(TimeSpan.FromMilliseconds(100));
            largest = Math.Max(largest, limiter.BucketCount);
        }

        // Two entries per interaction (route key and learned hash) would be 10,000 without eviction; the live ones are
        // the last second's (~10 interactions), and the map is swept each time it reaches its mark.
        Assert.True(largest <= RateLimiter.SweepThreshold, $"up to {largest} buckets");
    }

    [Fact]
    public async Task ABucketStillInItsWindowIsKeptAndStillWaited()
    {
        var clock = new ManualTimeProvider();
        var limiter = new RateLimiter(clock, DiscordOpts.Default.GlobalRequestsPerSecond);
        var channel = DiscordRoute.Create(HttpMethod.Post, "/channels/{channel_id}/messages", "1", "/channels/1/messages");
        await CallAsync(limiter, channel, "channel-bucket", remaining: 0, resetAfterSeconds: 3600);

        for (var i = 0; i < 2 * RateLimiter.SweepThreshold; i++)
        {
            await CallAsync(limiter, Callback(i), "interactions-bucket", remaining: 0);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        // The exhausted channel bucket survived the sweeps: acquiring it asks to wait for its reset.
        var waited = TimeSpan.Zero;
        using var cancel = new CancellationTokenSource();
        var acquire = limiter.AcquireAsync(channel, (_, wait) => { waited = wait; cancel.Cancel(); }, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquire);
        Assert.True(waited > TimeSpan.FromMinutes(30), $"waited {waited}");
    }

    private static DiscordRoute Callback(int i) =>
        DiscordRoute.Create(HttpMethod.Post, "/interactions/{interaction_id}/{token}/callback", $"{i}", $"/interactions/{i}/token{i}/callback");

    private static async Task CallAsync(RateLimiter limiter, DiscordRoute route, string hash, int remaining, double resetAfterSeconds = 1)
    {
        var bucket = await limiter.AcquireAsync(route, (_, _) => { }, CancellationToken.None);
        using var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        response.Headers.Add("X-RateLimit-Bucket", hash);
        response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Reset-After", resetAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        limiter.Update(route, bucket, response);
        limiter.Release(bucket);
    }
}
