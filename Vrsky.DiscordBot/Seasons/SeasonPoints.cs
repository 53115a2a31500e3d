using Vrsky.DiscordBot.Tags;

namespace Vrsky.DiscordBot.Seasons;

/// <summary>
/// Season points for one round: 100 for every tagged opponent a finisher beat, where beating means a strictly lower
/// score or finishing while the opponent did not (DNF). Tags are those held when the round was finalized, before re-dealing.
/// </summary>
public static class SeasonPoints
{
    public const int PerTaggedOpponent = 100;

    public static IReadOnlyDictionary<string, int> Award(IReadOnlyCollection<RoundResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var tagged = results.Where(r => r.Tag is not null).ToList();
        var points = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var player in results.Where(r => r.Score is not null))
        {
            var beaten = tagged.Count(o => o.UserId != player.UserId && (o.Score is null || o.Score > player.Score));
            if (beaten > 0)
            {
                points[player.UserId] = beaten * PerTaggedOpponent;
            }
        }

        return points;
    }
}
