namespace Vrsky.DiscordBot.Rounds;

/// <summary>A finisher's place: competition ranking ("1224"), so tied scores share a rank and the next rank skips.</summary>
public readonly record struct RankedScore(int Rank, string UserId, int Score);

public static class Ranking
{
    /// <summary>Ranks the players with a score, best (lowest) first; ties are listed by user id so output is stable.</summary>
    public static IReadOnlyList<RankedScore> Rank(IEnumerable<(string UserId, int Score)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ordered = scores.OrderBy(s => s.Score).ThenBy(s => s.UserId, StringComparer.Ordinal).ToList();
        var ranked = new List<RankedScore>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Score == ordered[i - 1].Score ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedScore(rank, ordered[i].UserId, ordered[i].Score));
        }

        return ranked;
    }
}
