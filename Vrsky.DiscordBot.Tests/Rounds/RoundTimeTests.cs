using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Tests.Rounds;

public sealed class RoundTimeTests
{
    [Theory]
    [InlineData("0001-01-01 00:00", "+02:00")]
    [InlineData("0001-01-01 00:00", "Asia/Tokyo")]
    [InlineData("9999-12-31 23:59", "-14:00")]
    [InlineData("9999-12-31 23:59", "America/Los_Angeles")]
    [InlineData("0001-01-01 00:00", "")]
    [InlineData("9999-12-31 23:59", "+14:00")]
    public void TimesAtTheEdgeOfTheCalendarAreRefusedNotThrown(string start, string zone)
    {
        Assert.False(RoundTime.TryParse(start, zone, out _, out var error));
        Assert.Equal("Start time must be within a year from now.", error);
    }
}
