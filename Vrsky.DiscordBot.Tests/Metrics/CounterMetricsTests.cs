using System.Globalization;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Metrics;

/// <summary>The Discord and event-bus counters on <c>/metrics</c> move when what they count happens.</summary>
[Collection(BotCollection.Name)]
public sealed class CounterMetricsTests(BotFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestsRateLimitHitsReconnectsAndEventBusMessagesAreCounted()
    {
        // An emulator of its own: its forced 429 and dropped connections must not reach other tests' bots.
        await using var discord = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { GuildIds = ["800000000000000078"] });
        var guild = discord.Options.GuildIds[0];
        var environment = fixture.Environment("standalone", "counters" + Guid.NewGuid().ToString("N")[..6]);
        environment["DISCORD_API_URL"] = discord.ApiBaseUrl.AbsoluteUri;
        environment["DISCORD_GATEWAY_URL"] = discord.GatewayUrl.AbsoluteUri;
        environment["DISCORD_GUILD_ID"] = guild;
        await using var bots = new BotProcesses(output);
        var bot = bots.Start("standalone", environment);
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            // READY registered the guild's commands through REST.
            await WaitForAsync(bot, "discord_api_requests_total", v => v > 0);

            var reconnects = await SumAsync(bot, "discord_gateway_reconnects_total");
            discord.Gateway.DropConnections();
            await WaitForAsync(bot, "discord_gateway_reconnects_total", v => v > reconnects);

            var hits = await SumAsync(bot, "discord_ratelimit_hits_total");
            var published = await SumAsync(bot, "bot_eventbus_published_total");
            var processed = await SumAsync(bot, "bot_eventbus_processed_total");
            var requests = await SumAsync(bot, "discord_api_requests_total");
            await Eventually.WaitAsync(() => discord.Gateway.ConnectedSessions == 1, Deadline, "connected again");
            discord.RateLimits.ForceNext("/callback", TimeSpan.FromMilliseconds(200));

            // A command: acknowledged after one 429 (the client waits and retries), published, handled, answered.
            var command = await discord.InvokeCommandAsync(guild, "700000000000000009", "leaderboard");
            await Eventually.WaitAsync(() => command.OriginalMessageId is { } id && discord.State.Message(id)?.Edits > 0, Deadline, "the reply");

            await WaitForAsync(bot, "discord_ratelimit_hits_total", v => v > hits);
            await WaitForAsync(bot, "discord_api_requests_total", v => v >= requests + 2);
            // The interaction to the workers and the response back.
            await WaitForAsync(bot, "bot_eventbus_published_total", v => v >= published + 2);
            await WaitForAsync(bot, "bot_eventbus_processed_total", v => v >= processed + 2);
        });
    }

    private static async Task WaitForAsync(ServiceProcess bot, string counter, Func<double, bool> condition)
    {
        var last = 0.0;
        await Eventually.WaitAsync(async () => condition(last = await SumAsync(bot, counter)), Deadline, $"{counter} moved (last {last})");
    }

    /// <summary>A counter summed over its labels; 0 before it has any series.</summary>
    private static async Task<double> SumAsync(ServiceProcess bot, string counter) =>
        (await bot.GetAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith(counter + "{", StringComparison.Ordinal) || l.StartsWith(counter + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture));
}
