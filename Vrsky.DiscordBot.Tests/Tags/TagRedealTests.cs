using Vrsky.DiscordBot.Tags;

namespace Vrsky.DiscordBot.Tests.Tags;

public sealed class TagRedealTests
{
    [Fact]
    public void TagsOfFinishingHoldersAreDealtInFinishOrder()
    {
        var changes = TagRedeal.Redeal([
            new("alice", 5, 3),
            new("bob", -2, 7),
            new("carol", 1, 1),
        ]);

        Assert.Equal(
            [new TagChange("bob", 7, 1), new TagChange("carol", 1, 3), new TagChange("alice", 3, 7)],
            changes.OrderBy(c => c.NewTag));
    }

    [Fact]
    public void TiedScoresGoToTheLowerCurrentTag()
    {
        var changes = TagRedeal.Redeal([new("alice", 0, 9), new("bob", 0, 4), new("carol", -1, 12)]);

        // carol wins outright and takes 4; bob (holding 4) beats alice (holding 9) on the tie, so bob gets 9 and alice 12.
        Assert.Equal(
            [new TagChange("carol", 12, 4), new TagChange("bob", 4, 9), new TagChange("alice", 9, 12)],
            changes.OrderBy(c => c.NewTag));
    }

    [Fact]
    public void UntaggedAndDnfPlayersKeepWhatTheyHad()
    {
        var changes = TagRedeal.Redeal([
            new("untagged-winner", -10, null),
            new("dnf-holder", null, 1),
            new("alice", 3, 5),
            new("bob", 2, 8),
        ]);

        Assert.Equal([new TagChange("bob", 8, 5), new TagChange("alice", 5, 8)], changes.OrderBy(c => c.NewTag));
        Assert.DoesNotContain(changes, c => c.UserId is "untagged-winner" or "dnf-holder" || c.NewTag == 1);
    }

    [Fact]
    public void AFinishOrderMatchingTheTagsChangesNothing()
    {
        Assert.Empty(TagRedeal.Redeal([new("a", 1, 2), new("b", 3, 10), new("c", 3, 11)]));
    }

    [Fact]
    public void ApplyingTheOutcomeAgainChangesNothing()
    {
        var round = new List<RoundResult> { new("a", 4, 1), new("b", 1, 2), new("c", 2, 3) };
        var tags = round.ToDictionary(r => r.UserId, r => r.Tag);
        foreach (var change in TagRedeal.Redeal(round))
        {
            tags[change.UserId] = change.NewTag;
        }

        Assert.Empty(TagRedeal.Redeal(round.Select(r => r with { Tag = tags[r.UserId] })));
    }

    [Fact]
    public void DuplicateTagsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => TagRedeal.Redeal([new("a", 1, 2), new("b", 2, 2)]));
    }
}
