using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Tests.Rounds;

public sealed class RankingTests
{
    [Fact]
    public void TiesShareARankAndTheNextRankSkips()
    {
        var ranked = Ranking.Rank([("d", 4), ("a", -3), ("c", 0), ("b", 0), ("e", 4), ("f", 9)]);

        Assert.Equal([1, 2, 2, 4, 4, 6], ranked.Select(r => r.Rank));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], ranked.Select(r => r.UserId));
    }

    [Fact]
    public void NoScoresNoRanks() => Assert.Empty(Ranking.Rank([]));
}
