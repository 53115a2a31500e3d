using System.Diagnostics;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.Tests.ServiceDefaults;

/// <summary>Discord interaction and webhook tokens sit in request paths; no exported span may carry them.</summary>
public sealed class UrlSecretRedactorTests
{
    private const string Token = "aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu";

    [Theory]
    [InlineData("https://discord.com/api/v10/interactions/1234/" + Token + "/callback", "https://discord.com/api/v10/interactions/1234/REDACTED")]
    [InlineData("https://discord.com/api/v10/webhooks/99/" + Token + "/messages/@original?wait=true", "https://discord.com/api/v10/webhooks/99/REDACTED?wait=true")]
    [InlineData("/api/v10/webhooks/99/" + Token, "/api/v10/webhooks/99/REDACTED")]
    [InlineData("POST /api/v10/interactions/1234/" + Token + "/callback", "POST /api/v10/interactions/1234/REDACTED")]
    public void InteractionAndWebhookTokensAreCutFromUrls(string url, string expected)
    {
        Assert.Equal(expected, UrlSecretRedactor.Redact(url));
    }

    [Theory]
    [InlineData("https://discord.com/api/v10/channels/1/messages")]
    [InlineData("https://discord.com/api/v10/webhooks/99")]
    [InlineData("/health")]
    public void OtherUrlsStayAsTheyAre(string url)
    {
        Assert.Null(UrlSecretRedactor.Redact(url));
    }

    [Fact]
    public void TheProcessorRedactsEveryUrlAttributeAndTheSpanName()
    {
        using var activity = new Activity("http");
        activity.DisplayName = $"POST /api/v10/interactions/1/{Token}/callback";
        activity.SetTag("url.full", $"http://127.0.0.1:5000/api/v10/interactions/1/{Token}/callback");
        activity.SetTag("url.path", $"/api/v10/webhooks/2/{Token}/messages/@original");
        activity.SetTag("http.url", $"http://127.0.0.1:5000/api/v10/webhooks/2/{Token}");
        activity.SetTag("server.address", "127.0.0.1");

        new UrlSecretRedactor().OnEnd(activity);

        Assert.DoesNotContain(Token, activity.DisplayName);
        foreach (var tag in activity.Tags)
        {
            Assert.DoesNotContain(Token, tag.Value ?? "");
        }

        Assert.Equal("http://127.0.0.1:5000/api/v10/interactions/1/REDACTED", activity.GetTagItem("url.full"));
        Assert.Equal("127.0.0.1", activity.GetTagItem("server.address"));
    }
}
