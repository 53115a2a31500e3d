using Vrsky.DiscordBot.Seasons;

namespace Vrsky.DiscordBot.Tests.Seasons;

public sealed class SeasonPointsTests
{
    [Fact]
    public void HundredPerTaggedOpponentBeaten()
    {
        var points = SeasonPoints.Award([
            new("winner", -4, null),
            new("second", 0, 2),
            new("third", 3, 1),
            new("dnf", null, 5),
        ]);

        // winner beats three tagged players; second beats 'third' and the DNF holder; third beats only the DNF holder.
        Assert.Equal(300, points["winner"]);
        Assert.Equal(200, points["second"]);
        Assert.Equal(100, points["third"]);
        Assert.False(points.ContainsKey("dnf"));
    }

    [Fact]
    public void TiesBeatNobody()
    {
        Assert.Empty(SeasonPoints.Award([new("a", 1, 1), new("b", 1, 2)]));
    }
}
