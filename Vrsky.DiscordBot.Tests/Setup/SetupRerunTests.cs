using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator;
using Emu = Vrsky.DiscordEmulator.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.Setup;

[Collection(BotCollection.Name)]
public sealed class SetupRerunTests(BotFixture fixture)
{
    [Fact]
    public async Task RunningSetupAgainEditsTheSignupAndLeaderboardMessagesInsteadOfPostingNewOnes()
    {
        // Its own Discord, so the league tests' guilds keep their channels as they are.
        await using var discord = await Emu.StartAsync(new EmulatorOptions { GuildIds = ["800000000000000077"] });
        var guild = discord.Options.GuildIds[0];
        var environment = new Dictionary<string, string>
        {
            ["DISCORD_TOKEN"] = discord.Options.Token,
            ["DISCORD_APP_ID"] = discord.Options.ApplicationId,
            ["DISCORD_API_URL"] = discord.ApiBaseUrl.AbsoluteUri,
            ["ConnectionStrings__frolf"] = fixture.DatabaseConnectionString,
        };

        await RunSetupAsync(environment, guild);
        var signup = discord.State.Channels(guild).Single(c => c.Name == "frolf-signup").Id;
        var leaderboard = discord.State.Channels(guild).Single(c => c.Name == "frolf-leaderboard").Id;
        var firstSignup = Assert.Single(discord.State.Messages(signup)).Message.Id;
        var firstLeaderboard = Assert.Single(discord.State.Messages(leaderboard)).Message.Id;
        // No gateway has run against this Discord: setup registered the commands itself, globally (no development guild).
        Assert.Equal(BotCommands.All.Select(c => c.Name).Order(), discord.State.GlobalCommands.Select(c => c.Name).Order());
        Assert.Empty(discord.State.Commands(guild));

        await RunSetupAsync(environment, guild);
        await RunSetupAsync(environment, guild);

        Assert.Equal(firstSignup, Assert.Single(discord.State.Messages(signup)).Message.Id);
        Assert.Equal(firstLeaderboard, Assert.Single(discord.State.Messages(leaderboard)).Message.Id);
        Assert.Equal(3, discord.State.Channels(guild).Count(c => c.Name?.StartsWith("frolf-", StringComparison.Ordinal) == true));
        await using var command = fixture.Database.CreateCommand("select signup_message_id, leaderboard_message_id from guild_configs where guild_id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = guild });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(firstSignup, reader.GetString(0));
        Assert.Equal(firstLeaderboard, reader.GetString(1));
    }

    private static async Task RunSetupAsync(Dictionary<string, string> environment, string guild)
    {
        await using var setup = ServiceProcess.Start("Vrsky.DiscordBot", environment, "setup", guild);
        await setup.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(setup.ExitCode == 0, string.Join('\n', setup.Output));
    }
}
