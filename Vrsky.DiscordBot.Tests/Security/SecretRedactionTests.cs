using Vrsky.Discord;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Tests.Security;

/// <summary>The bot's options print no token (the URL redaction of spans is tested with ServiceDefaults).</summary>
public sealed class SecretRedactionTests
{
    private const string Token = "aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu";

    [Fact]
    public void OptionsNeverPrintTheBotToken()
    {
        var opts = DiscordOpts.Default with { Token = Token, ApiBaseUrl = new Uri("http://127.0.0.1:1/api/v10") };
        var bot = new BotOptions { DiscordToken = Token, Environment = "prod" };

        Assert.DoesNotContain(Token, opts.ToString());
        Assert.Contains("127.0.0.1:1", opts.ToString());
        Assert.DoesNotContain(Token, bot.ToString());
        Assert.Contains("prod", bot.ToString());
    }
}
