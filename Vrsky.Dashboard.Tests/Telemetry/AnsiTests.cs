using Vrsky.Hosting.Dashboard.Console;

namespace Vrsky.Dashboard.Tests.Telemetry;

public sealed class AnsiTests
{
    [Theory]
    [InlineData("plain <b>", "plain &lt;b&gt;")]
    [InlineData("\u001b[32minfo\u001b[0m: ok", "<span class=\"ansi-2\">info</span>: ok")]
    [InlineData("\u001b[1;91mfail\u001b[39m", "<span class=\"ansi-bold ansi-9\">fail</span>")]
    [InlineData("\u001b[2Kcleared\u001b[?25l", "cleared")]
    [InlineData("dangling \u001b[31", "dangling ")]
    public void ColoursBecomeSpansAndOtherSequencesAreDropped(string line, string html) =>
        Assert.Equal(html, Ansi.ToHtml(line));
}
