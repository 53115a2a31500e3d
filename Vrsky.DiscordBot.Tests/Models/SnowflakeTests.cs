using System.Globalization;
using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Tests.Models;

public sealed class SnowflakeTests
{
    [Fact]
    public void DiscordsDocumentedExampleWasMadeAtItsDocumentedTime()
    {
        // The example in Discord's reference ("Snowflake ID Broken Down in Binary").
        Assert.Equal(new DateTimeOffset(2016, 4, 30, 11, 18, 25, 796, TimeSpan.Zero), Snowflake.CreatedAt("175928847299117063"));
    }

    [Fact]
    public void AnIdMadeAtATimeGivesThatTimeBackWhateverItsLowBits()
    {
        var time = new DateTimeOffset(2026, 11, 22, 4, 0, 0, 123, TimeSpan.Zero);

        Assert.Equal(time, Snowflake.CreatedAt(Snowflake.At(time).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(time, Snowflake.CreatedAt((Snowflake.At(time) | 0x3F_FFFF).ToString(CultureInfo.InvariantCulture)));
        Assert.True(Snowflake.At(time.AddMilliseconds(1)) > (Snowflake.At(time) | 0x3F_FFFF));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    public void WhatIsNoSnowflakeHasNoTime(string id) => Assert.Null(Snowflake.CreatedAt(id));
}
