using System.Diagnostics;
using System.Net;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.Rest;

public sealed class RestRateLimitTests
{
    private static async Task<(DiscordEmulator.DiscordEmulator Emulator, DiscordRestClient Client, string Channel)> StartAsync(EmulatorOptions? options = null)
    {
        var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(options);
        var client = new DiscordRestClient(new DiscordOpts { Token = emulator.Options.Token, ApiBaseUrl = emulator.ApiBaseUrl });
        return (emulator, client, emulator.State.Channels(emulator.Options.GuildIds[0])[0].Id);
    }

    [Fact]
    public async Task RequestsStayUnderTheGlobalLimitPerSecondWithoutA429()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { BucketLimit = 1000 });
        using var client = new DiscordRestClient(new DiscordOpts { Token = emulator.Options.Token, ApiBaseUrl = emulator.ApiBaseUrl, GlobalRequestsPerSecond = 5 });
        var channel = emulator.State.Channels(emulator.Options.GuildIds[0])[0].Id;

        // Twelve requests at five per second need three windows: at least two seconds, however fast the server answers.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 12; i++)
        {
            await client.CreateMessageAsync(channel, new MessageParams { Content = $"m{i}" });
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"twelve requests at 5/s took only {watch.Elapsed}");
        Assert.Equal(0, emulator.RateLimits.Limited);
        Assert.Equal(12, emulator.State.Messages(channel).Count);
    }

    [Fact]
    public async Task InteractionCallbacksAreNotHeldByTheGlobalLimit()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        using var client = new DiscordRestClient(new DiscordOpts { Token = emulator.Options.Token, ApiBaseUrl = emulator.ApiBaseUrl, GlobalRequestsPerSecond = 1 });

        // Held to one per second, ten callbacks would take nine seconds; Discord exempts them, and so does the client.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            var record = await emulator.InvokeCommandAsync(emulator.Options.GuildIds[0], "700000000000000042", "leaderboard");
            await client.CreateInteractionResponseAsync(record.Interaction.Id, record.Interaction.Token, InteractionResponse.Reply($"r{i}"));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"ten callbacks took {watch.Elapsed}");
    }

    [Fact]
    public async Task A429IsWaitedOutForRetryAfterAndThenSucceeds()
    {
        var (emulator, client, channel) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;
        emulator.RateLimits.ForceNext("/channels/{channel_id}/messages", TimeSpan.FromMilliseconds(700));

        var watch = Stopwatch.StartNew();
        var message = await client.CreateMessageAsync(channel, new MessageParams { Content = "hello" });

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(650), $"retried after {watch.Elapsed}");
        Assert.Equal(1, emulator.RateLimits.Limited);
        Assert.Equal("hello", emulator.State.Message(message.Id)!.Message.Content);
        Assert.Single(emulator.State.Messages(channel));
    }

    [Fact]
    public async Task AnExhaustedBucketWaitsForItsResetInsteadOfHitting429()
    {
        var (emulator, client, channel) = await StartAsync(new EmulatorOptions { BucketLimit = 3, BucketWindow = TimeSpan.FromMilliseconds(800) });
        await using var _ = emulator;
        using var __ = client;

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateMessageAsync(channel, new MessageParams { Content = $"m{i}" });
        }

        Assert.Equal(0, emulator.RateLimits.Limited);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(600), $"five calls on a 3-per-window bucket took only {watch.Elapsed}");
        Assert.Equal(5, emulator.State.Messages(channel).Count);
    }

    [Fact]
    public async Task AGlobal429HoldsEveryRoute()
    {
        var (emulator, client, channel) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;
        emulator.RateLimits.ForceNext("/channels/{channel_id}/messages", TimeSpan.FromMilliseconds(700), global: true);

        // The client counts the global hit once it has stopped every route; start the second call after that.
        var globalHits = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "discord.ratelimit.hits")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "scope", Value: "global" })
                {
                    Interlocked.Increment(ref globalHits);
                }
            }
        });
        listener.Start();

        var message = client.CreateMessageAsync(channel, new MessageParams { Content = "first" });
        await Eventually.WaitAsync(() => Volatile.Read(ref globalHits) > 0, TimeSpan.FromSeconds(5), "global 429 seen by the client");
        var watch = Stopwatch.StartNew();
        await client.CreateGuildRoleAsync(emulator.Options.GuildIds[0], new RoleCreate("Player"));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"the other route went on after {watch.Elapsed}");
        await message;
    }

    [Fact]
    public async Task DiscordErrorsSurfaceWithTheirCode()
    {
        var (emulator, client, _) = await StartAsync();
        await using var __ = emulator;
        using var ___ = client;

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("123", new MessageParams { Content = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal(10003, error.Code);
    }

    [Fact]
    public async Task AWrongTokenIsUnauthorized()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        using var client = new DiscordRestClient(new DiscordOpts { Token = "nope", ApiBaseUrl = emulator.ApiBaseUrl });

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.GetGuildRolesAsync(emulator.Options.GuildIds[0]));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.DoesNotContain("nope", error.Message);
    }
}
