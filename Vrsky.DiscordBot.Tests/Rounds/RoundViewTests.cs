using System.Globalization;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Tests.Rounds;

public sealed class RoundViewTests
{
    [Theory]
    [InlineData(RoundStatus.Scheduled)]
    [InlineData(RoundStatus.Started)]
    [InlineData(RoundStatus.Finalized)]
    public void AHundredPlayersWithTheLongestIdsAllShowWithinDiscordsLimits(string status)
    {
        var round = LongestRound(status, 100);

        var embed = RoundView.Message(round).Embeds!.Single();

        AssertWithinLimits(embed);
        var list = PlayerList(embed);
        Assert.Equal(100, list.Count);
        Assert.All(round.Players, p => Assert.Contains(list, line => line.Contains($"<@{p.UserId}>", StringComparison.Ordinal)));
        Assert.Equal(status == RoundStatus.Finalized ? "Results" : "Players (100)", embed.Fields![3].Name);
        Assert.True(embed.Fields.Count > 4, "a hundred lines need more than one field");
    }

    [Theory]
    [InlineData(RoundStatus.Scheduled)]
    [InlineData(RoundStatus.Finalized)]
    public void MorePlayersThanFitEndWithHowManyWereLeftOut(string status)
    {
        var round = LongestRound(status, 1000);

        var embed = RoundView.Message(round).Embeds!.Single();

        AssertWithinLimits(embed);
        var list = PlayerList(embed);
        var more = list[^1];
        Assert.StartsWith("… and ", more, StringComparison.Ordinal);
        Assert.Equal(1000, list.Count - 1 + int.Parse(more.Split(' ')[2], CultureInfo.InvariantCulture));
        // Only the note is left for what did not fit: the list stops short of the total limit by less than a line and the note.
        Assert.True(EmbedLimits.MaxTotal - EmbedLimits.Length(embed) < 2 * list[0].Length + more.Length + 2, $"{EmbedLimits.Length(embed)} characters used");
    }

    [Fact]
    public void AFewPlayersStayInOneField()
    {
        var round = new RoundRecord(7, "1", "Sunday", "", "Park", DateTimeOffset.UnixEpoch, RoundStatus.Finalized, null, null, null,
            [new("1", 2, false), new("2", -1, false), new("3", null, true)]);

        var fields = RoundView.Message(round).Embeds!.Single().Fields!;

        Assert.Equal(4, fields.Count);
        Assert.Equal(new EmbedField("Results", "1. <@2> -1\n2. <@1> +2\nDNF <@3>"), fields[3]);
    }

    /// <summary>The longest title, description and location the modal allows, and 20-digit user ids (Discord's longest).</summary>
    private static RoundRecord LongestRound(string status, int players) =>
        new(long.MaxValue, "1", new string('T', 100), new string('D', 1000), new string('L', 100), DateTimeOffset.UnixEpoch, status, null, null, null,
            Enumerable.Range(0, players).Select(i => new Player((10_000_000_000_000_000_000UL + (ulong)i).ToString(CultureInfo.InvariantCulture),
                status == RoundStatus.Scheduled ? null : 72 - (i % 100), false)).ToList());

    private static void AssertWithinLimits(Embed embed)
    {
        Assert.True(EmbedLimits.Length(embed) <= EmbedLimits.MaxTotal, $"{EmbedLimits.Length(embed)} characters");
        Assert.True(embed.Fields!.Count <= EmbedLimits.MaxFields, $"{embed.Fields.Count} fields");
        Assert.All(embed.Fields, f => Assert.InRange(f.Value.Length, 1, EmbedLimits.MaxFieldValue));
        Assert.All(embed.Fields, f => Assert.InRange(f.Name.Length, 1, 256));
    }

    private static List<string> PlayerList(Embed embed) => embed.Fields!.Skip(3).SelectMany(f => f.Value.Split('\n')).ToList();
}
