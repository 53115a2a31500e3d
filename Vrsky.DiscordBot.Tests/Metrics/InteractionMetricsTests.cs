using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Metrics;

[Collection(BotCollection.Name)]
public sealed class InteractionMetricsTests(BotFixture fixture, ITestOutputHelper output)
{
    private const string RoundId = "987654321";

    [Fact]
    public async Task FailedInteractionsAreCountedByKindNotByCustomId()
    {
        // An emulator of its own: its forced server errors must not reach other tests' bots.
        await using var discord = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { GuildIds = ["800000000000000077"] });
        var guild = discord.Options.GuildIds[0];
        var environment = fixture.Environment("gateway", "metrics" + Guid.NewGuid().ToString("N")[..8]);
        environment["DISCORD_API_URL"] = discord.ApiBaseUrl.AbsoluteUri;
        environment["DISCORD_GATEWAY_URL"] = discord.GatewayUrl.AbsoluteUri;
        environment["DISCORD_GUILD_ID"] = guild;
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", environment);
        try
        {
            await gateway.WaitReadyAsync();
            using var rest = new DiscordRestClient(new DiscordOpts { Token = discord.Options.Token, ApiBaseUrl = discord.ApiBaseUrl });
            var round = await rest.CreateMessageAsync(discord.State.Channels(guild)[0].Id, new MessageParams
            {
                Content = "a round",
                Components = [Component.ActionRow(Component.Button("round:join:" + RoundId, "Join"))],
            });
            // Every attempt at acknowledging fails, so the interaction fails once the client's retries are spent.
            discord.Faults.FailNext("/callback", 503, DiscordOpts.Default.MaxRestAttempts);

            await discord.ClickButtonAsync(guild, "700000000000000005", round.Id, "round:join:" + RoundId);

            string[] failed = [];
            await Eventually.WaitAsync(async () =>
            {
                failed = [.. (await gateway.GetAsync("/metrics")).Split('\n').Where(l => l.StartsWith("bot_interactions_failed_total{", StringComparison.Ordinal))];
                return failed.Length > 0;
            }, TimeSpan.FromSeconds(30), "the failure counted");
            Assert.Contains(failed, l => l.Contains("kind=\"component:round:join\"", StringComparison.Ordinal));
            Assert.DoesNotContain(failed, l => l.Contains(RoundId, StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine(string.Join('\n', gateway.Output.TakeLast(60)));
            throw;
        }
    }

    [Theory]
    [InlineData(InteractionType.ApplicationCommand, "claimtag", null, "command:claimtag")]
    [InlineData(InteractionType.ApplicationCommand, "made-up", null, "command:unknown")]
    [InlineData(InteractionType.MessageComponent, null, "round:join:17", "component:round:join")]
    [InlineData(InteractionType.MessageComponent, null, "round:leave:17", "component:round:leave")]
    [InlineData(InteractionType.MessageComponent, null, "score:17", "component:score")]
    [InlineData(InteractionType.ModalSubmit, null, "score:17", "modal:score")]
    [InlineData(InteractionType.ModalSubmit, null, "createround", "modal:createround")]
    [InlineData(InteractionType.ModalSubmit, null, "forged:123456", "modal:unknown")]
    public void KindsAreTheBotsOwnCommandsAndCustomIdPrefixes(InteractionType type, string? name, string? customId, string expected)
    {
        var interaction = new Interaction("1", "2", type, "token", new InteractionData(Name: name, CustomId: customId));

        Assert.Equal(expected, InteractionKind.Of(interaction));
    }
}
