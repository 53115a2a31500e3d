using Vrsky.DiscordBot.Leaderboard;

namespace Vrsky.DiscordBot.Tests.Leaderboard;

public sealed class LeaderboardViewTests
{
    [Fact]
    public void AllHundredTagsAreShownWithinDiscordsDescriptionLimit()
    {
        // The longest ids Discord has (20 digits) make the longest lines.
        var tags = Enumerable.Range(1, 100).Select(t => (t, (10_000_000_000_000_000_000UL + (ulong)t).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var description = LeaderboardView.Embed(tags).Description!;

        var lines = description.Split('\n');
        Assert.Equal(100, lines.Length);
        Assert.Equal($"**#51** <@{tags[50].Item2}>", lines[50]);
        Assert.Equal($"**#100** <@{tags[99].Item2}>", lines[99]);
        Assert.True(description.Length <= LeaderboardView.MaxDescriptionLength, $"{description.Length} characters");
    }

    [Fact]
    public void MoreHoldersThanFitEndWithHowManyWereLeftOut()
    {
        var tags = Enumerable.Range(1, 200).Select(t => (t, "12345678901234567890")).ToList();

        var description = LeaderboardView.Embed(tags).Description!;

        Assert.True(description.Length <= LeaderboardView.MaxDescriptionLength, $"{description.Length} characters");
        var lines = description.Split('\n');
        Assert.Equal($"… and {200 - (lines.Length - 1)} more", lines[^1]);
        Assert.Equal("**#1** <@12345678901234567890>", lines[0]);
    }
}
