using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Realtime;

[Collection(ChatCollection.Name)]
public sealed class FrameRateLimitTests(ChatFixture fixture)
{
    [Fact]
    public async Task TypingFramesPastThePerUserLimitGetRateLimitedAndTheSocketSurvives()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, user);
        await using var socket = await SocketClient.ConnectAsync(fixture.Gateway, user.AccessToken);

        const int over = 100;
        for (var i = 0; i < ChatFixture.FramesPerMinute + over; i++)
        {
            await socket.SendAsync(new { type = "Typing", chatId });
        }

        // Frames are handled in order, so every answer to the Typing frames comes before the Pong.
        await socket.SendAsync(new { type = "Ping", @ref = "after" });
        Assert.Equal("after", (await socket.WaitForAsync(f => SocketClient.Type(f) == "Pong", TimeSpan.FromSeconds(50))).GetProperty("ref").GetString());
        static bool RateLimited(System.Text.Json.JsonElement f) => SocketClient.Type(f) == "Error" && f.GetProperty("code").GetString() == "rate_limited";
        for (var i = 0; i < over; i++)
        {
            await socket.WaitForAsync(RateLimited, TimeSpan.FromSeconds(1));
        }

        await Assert.ThrowsAsync<TimeoutException>(() => socket.WaitForAsync(RateLimited, TimeSpan.FromMilliseconds(300)));
    }
}
