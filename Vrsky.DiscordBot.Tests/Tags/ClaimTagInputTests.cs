using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tags;
using static Vrsky.DiscordBot.Tests.Infrastructure.HandlerInput;

namespace Vrsky.DiscordBot.Tests.Tags;

public sealed class ClaimTagInputTests
{
    [Theory]
    [InlineData("\"five\"")]
    [InlineData("\"5\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[5]")]
    [InlineData("{\"tag\":5}")]
    [InlineData("5.5")]
    [InlineData("1e40")]
    [InlineData("0")]
    [InlineData("101")]
    public async Task ATagThatIsNotAWholeNumberInRangeGetsAClearReply(string json)
    {
        var context = Command(BotCommands.ClaimTag, new CommandOptionValue("tag", 4, Json(json)));

        await TagHandlers.ClaimAsync(context, CancellationToken.None);

        Assert.Equal("Tags are whole numbers from 1 to 100.", Reply(context));
    }

    [Fact]
    public async Task AMissingTagGetsAClearReply()
    {
        var context = Command(BotCommands.ClaimTag);

        await TagHandlers.ClaimAsync(context, CancellationToken.None);

        Assert.Equal("Tags are whole numbers from 1 to 100.", Reply(context));
    }
}
