using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Seasons;
using Vrsky.DiscordBot.Setup;
using static Vrsky.DiscordBot.Tests.Infrastructure.HandlerInput;

namespace Vrsky.DiscordBot.Tests.Seasons;

public sealed class SeasonInputTests
{
    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("[\"Spring\"]")]
    [InlineData("{\"name\":\"Spring\"}")]
    public async Task ASeasonNameThatIsNotTextGetsAClearReply(string json)
    {
        var context = Command(BotCommands.Season, new CommandOptionValue("start", 1, Options: [new CommandOptionValue("name", 3, Json(json))]));

        await SeasonHandlers.HandleAsync(context, CancellationToken.None);

        Assert.Equal("A season name is text of up to 100 characters.", Reply(context));
    }

    [Fact]
    public async Task ASeasonNameLongerThanAHundredCharactersGetsAClearReply()
    {
        var context = Command(BotCommands.Season, new CommandOptionValue("start", 1, Options: [new CommandOptionValue("name", 3, Json($"\"{new string('x', 101)}\""))]));

        await SeasonHandlers.HandleAsync(context, CancellationToken.None);

        Assert.Equal("A season name is text of up to 100 characters.", Reply(context));
    }

    [Fact]
    public async Task AnUnknownOrMissingSubcommandGetsUsage()
    {
        var unknown = Command(BotCommands.Season, new CommandOptionValue("restart", 1));
        var missing = Command(BotCommands.Season);

        await SeasonHandlers.HandleAsync(unknown, CancellationToken.None);
        await SeasonHandlers.HandleAsync(missing, CancellationToken.None);

        Assert.Equal("Use /season start, /season standings or /season end.", Reply(unknown));
        Assert.Equal("Use /season start, /season standings or /season end.", Reply(missing));
    }
}
