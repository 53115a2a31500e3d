using Vrsky.DiscordBot.Rounds;

namespace Vrsky.DiscordBot.Tests.Rounds;

public sealed class RoundTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 15, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0001-01-01 00:00", "+02:00")]
    [InlineData("0001-01-01 00:00", "Asia/Tokyo")]
    [InlineData("0001-01-01 00:00", "")]
    public void TimesAtTheCalendarsStartAreInThePastNotAnException(string start, string zone)
    {
        Assert.False(RoundTime.TryParse(start, zone, Now, out _, out var error));
        Assert.EndsWith("is in the past: pick a time from now on.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-12-31 23:59", "-14:00")]
    [InlineData("9999-12-31 23:59", "America/Los_Angeles")]
    [InlineData("9999-12-31 23:59", "+14:00")]
    public void TimesAtTheCalendarsEndAreTooFarAheadNotAnException(string start, string zone)
    {
        Assert.False(RoundTime.TryParse(start, zone, Now, out _, out var error));
        Assert.Equal("Start time must be within a year from now.", error);
    }

    [Fact]
    public void AStartInThePastIsRefusedWithTheTimeAsUnderstood()
    {
        Assert.False(RoundTime.TryParse("2026-11-22 05:13", "+02:00", Now, out _, out var error));
        Assert.Equal("Start time 2026-11-22 05:13 (+02:00) is in the past: pick a time from now on.", error);
        Assert.False(RoundTime.TryParse("2026-11-21 21:30", "-05:30", Now, out _, out error));
        Assert.Equal("Start time 2026-11-21 21:30 (-05:30) is in the past: pick a time from now on.", error);
        Assert.False(RoundTime.TryParse("2026-03-01 10:00", "Europe/Prague", Now, out _, out _));
    }

    [Fact]
    public void TheCurrentMinuteIsNowAndAccepted()
    {
        // 03:15 is 30 s before Now, within the minute's grace; 03:14 is 90 s before it.
        Assert.True(RoundTime.TryParse("2026-11-22 03:15", "UTC", Now, out var start, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 15, 0, TimeSpan.Zero), start);
        Assert.True(RoundTime.TryParse("2026-11-22 04:15", "Europe/Prague", Now, out start, out _));
        Assert.Equal(TimeSpan.FromHours(1), start.Offset);
        Assert.False(RoundTime.TryParse("2026-11-22 03:14", "UTC", Now, out _, out _));
    }

    [Fact]
    public void UpToAYearAheadIsAccepted()
    {
        Assert.True(RoundTime.TryParse("2027-11-22 03:15", "", Now, out _, out _));
        Assert.False(RoundTime.TryParse("2027-11-24 03:15", "", Now, out _, out var error));
        Assert.Equal("Start time must be within a year from now.", error);
    }

    [Theory]
    [InlineData("2026-12-01 18:30")]
    [InlineData("2026-12-01 8:30")]
    [InlineData("2026-12-01T18:30")]
    [InlineData("  2026-12-01 18:30  ")]
    public void EveryAcceptedFormatFitsTheModalsStartField(string start)
    {
        Assert.True(RoundTime.TryParse(start, "", Now, out _, out _));
        Assert.True(start.Trim().Length <= RoundTime.MaxInputLength);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("Europe/../../../proc/self/environ")]
    [InlineData("Europe\0Prague")]
    [InlineData("+15:00")]
    [InlineData("+2:3")]
    [InlineData("Mars/Olympus_Mons")]
    public void AZoneThatIsNotATimeZoneIsRefusedNotThrown(string zone)
    {
        Assert.False(RoundTime.TryParse("2026-12-01 18:30", zone, Now, out _, out var error));
        Assert.StartsWith("Unknown time zone", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-01 18:30:00")]
    [InlineData("2026-12-01 18:30 +02:00")]
    [InlineData("18:30")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElseIsAFormatError(string? start)
    {
        Assert.False(RoundTime.TryParse(start, "", Now, out _, out var error));
        Assert.Equal("Start time must look like 2026-06-01 18:30.", error);
    }
}
