using System.Net;
using System.Net.Http.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Chats;

/// <summary>Text PostgreSQL cannot store (NUL) or that has no place in a chat is a 400 at the gateway, never a 500.</summary>
[Collection(ChatCollection.Name)]
public sealed class ControlCharacterTests(ChatFixture fixture)
{
    public static TheoryData<string> BadText => ["a\u0000b", "bell\u0007", "escape\u001b[31m", "c1\u0085"];

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task AGroupTitleWithAControlCharacterIsABadRequest(string title)
    {
        var owner = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        using var http = owner.Http(fixture.Gateway);

        var response = await http.PostAsJsonAsync("/v1/chats", new { kind = "group", title });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task AMessageBodyWithAControlCharacterIsRejectedOverRestAndWebSocket(string body)
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        using var http = alice.Http(fixture.Gateway);

        var response = await http.PostAsJsonAsync($"/v1/chats/{chatId}/messages", new { uuid = Guid.NewGuid(), body });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        await using var socket = await SocketClient.ConnectAsync(fixture.Gateway, alice.AccessToken);
        await socket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body, @ref = "bad" });
        var error = await socket.WaitForAsync(f => SocketClient.Type(f) == "Error");
        Assert.Equal("invalid_frame", error.GetProperty("code").GetString());
        Assert.Equal("bad", error.GetProperty("ref").GetString());
    }

    [Fact]
    public async Task LineBreaksAndTabsInABodyAreStored()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        using var http = alice.Http(fixture.Gateway);

        var response = await http.PostAsJsonAsync($"/v1/chats/{chatId}/messages", new { uuid = Guid.NewGuid(), body = "line 1\r\n\tline 2 👋" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.WaitAsync(async () => await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c AND body = @b", ("c", chatId), ("b", "line 1\r\n\tline 2 👋")) == 1,
            TimeSpan.FromSeconds(30), "the body stored as sent");
    }
}
