using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static Vrsky.DiscordBot.Tests.Infrastructure.LeagueDriver;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>Each reaction dispatch is its own event: signing up again after taking the reaction back is not a duplicate.</summary>
[Collection(BotCollection.Name)]
public sealed class SignupAgainTests(BotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ReactingAgainAfterTheRoleWasTakenAwayGrantsItAgain()
    {
        var settings = fixture.Environment("standalone", "signup" + Guid.NewGuid().ToString("N")[..8]);
        await using var bots = new BotProcesses(output);
        bots.Start("standalone", settings);
        await bots.RunAsync(async () =>
        {
            await bots.WaitReadyAsync();
            var league = new LeagueDriver(fixture, fixture.SignupGuildId);
            await league.SetUpAsync("again");
            var signup = league.Discord.State.Messages(league.Channels["again-signup"]).Single().Message;
            var player = league.Discord.State.Roles(league.GuildId).Single(r => r.Name == "Player").Id;
            bool IsPlayer() => league.Discord.State.MemberRoles(league.GuildId, Bob).Contains(player);

            await league.Discord.AddReactionAsync(league.GuildId, Bob, signup.Id, GuildSetup.SignupEmoji);
            await Eventually.WaitAsync(IsPlayer, Deadline, "Player after the first reaction");

            // An admin takes the role away; Bob takes his reaction back and reacts again.
            league.Discord.RevokeRole(league.GuildId, Bob, "Player");
            Assert.False(IsPlayer());
            await league.Discord.RemoveReactionAsync(league.GuildId, Bob, signup.Id, GuildSetup.SignupEmoji);
            await league.Discord.AddReactionAsync(league.GuildId, Bob, signup.Id, GuildSetup.SignupEmoji);

            await Eventually.WaitAsync(IsPlayer, Deadline, "Player again after reacting again");
        });
    }
}
