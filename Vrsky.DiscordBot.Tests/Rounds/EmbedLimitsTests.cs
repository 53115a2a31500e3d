using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Tests.Rounds;

public sealed class EmbedLimitsTests
{
    private static readonly IReadOnlyList<string> Lines = [.. Enumerable.Range(1, 1000).Select(i => $"line {i}")];

    [Fact]
    public void AsManyLeadingLinesAsFitAreShownWithAFewMeasurements()
    {
        var measured = 0;
        var shortened = EmbedLimits.Shorten(Lines, candidate =>
        {
            measured++;
            return candidate.Count <= 300;
        });

        Assert.Equal([.. Lines.Take(299), "… and 701 more"], shortened);
        // The whole list, then halving over 1000 counts: about eleven measurements, not seven hundred.
        Assert.InRange(measured, 1, 12);
    }

    [Fact]
    public void LinesThatAllFitAreLeftAlone() => Assert.Same(Lines, EmbedLimits.Shorten(Lines, _ => true));

    [Fact]
    public void WhenNotEvenOneLineFitsOnlyTheCountIsShown() =>
        Assert.Equal(["… and 1000 more"], EmbedLimits.Shorten(Lines, candidate => candidate.Count == 1 && candidate[0].StartsWith('…')));
}
