namespace Vrsky.DiscordBot.Tags;

/// <summary>One player's standing in a finished round: <see cref="Score"/> null means DNF, <see cref="Tag"/> null means untagged.</summary>
public readonly record struct RoundResult(string UserId, int? Score, int? Tag);

/// <summary>A tag moving to a player as the outcome of a round.</summary>
public readonly record struct TagChange(string UserId, int? OldTag, int NewTag);

/// <summary>
/// Seed 004's leaderboard-tag rule as a pure function: the tags held by the round's finishing tag holders are pooled
/// and dealt back in finish order (score ascending; a tie goes to the player holding the lower tag), lowest tag first.
/// Untagged players and DNF players keep what they had, so their tags never enter the pool.
/// </summary>
public static class TagRedeal
{
    public static IReadOnlyList<TagChange> Redeal(IEnumerable<RoundResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var holders = results
            .Where(r => r.Score is not null && r.Tag is not null)
            .OrderBy(r => r.Score!.Value)
            .ThenBy(r => r.Tag!.Value)
            .ToList();
        if (holders.Select(h => h.UserId).Distinct(StringComparer.Ordinal).Count() != holders.Count)
        {
            throw new ArgumentException("A player appears twice in the round's results.", nameof(results));
        }

        var pool = holders.Select(h => h.Tag!.Value).Order().ToList();
        if (pool.Distinct().Count() != pool.Count)
        {
            throw new ArgumentException("Two players hold the same tag.", nameof(results));
        }

        var changes = new List<TagChange>();
        for (var i = 0; i < holders.Count; i++)
        {
            if (holders[i].Tag != pool[i])
            {
                changes.Add(new TagChange(holders[i].UserId, holders[i].Tag, pool[i]));
            }
        }

        return changes;
    }
}
