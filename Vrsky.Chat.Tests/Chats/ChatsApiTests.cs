using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Chats;

[Collection(ChatCollection.Name)]
public sealed class ChatsApiTests(ChatFixture fixture)
{
    [Fact]
    public async Task ANonMemberCannotReadOrPost()
    {
        var (owner, outsider) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, owner);
        using var http = outsider.Http(fixture.Gateway);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/v1/chats/{chatId}/messages")).StatusCode);
        var post = await http.PostAsJsonAsync($"/v1/chats/{chatId}/messages", new { uuid = Guid.NewGuid(), body = "let me in" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/chats/999999999/messages")).StatusCode);

        await using var socket = await SocketClient.ConnectAsync(fixture.Gateway, outsider.AccessToken);
        await socket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body = "ws too" });
        var error = await socket.WaitForAsync(f => SocketClient.Type(f) == "Error");
        Assert.Equal("forbidden", error.GetProperty("code").GetString());
        await socket.SendAsync(new { type = "Subscribe", chatId });
        Assert.Equal("forbidden", (await socket.WaitForAsync(f => SocketClient.Type(f) == "Error")).GetProperty("code").GetString());
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId)));
    }

    [Fact]
    public async Task OnlyAdminsMayRemoveMembers()
    {
        var (admin, member, other) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, admin, member);
        using var adminHttp = admin.Http(fixture.Gateway);
        using var memberHttp = member.Http(fixture.Gateway);

        Assert.Equal(HttpStatusCode.Created, (await adminHttp.PostAsJsonAsync($"/v1/chats/{chatId}/members", new { userId = other.Id, role = "member" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await adminHttp.PostAsJsonAsync($"/v1/chats/{chatId}/members", new { userId = other.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberHttp.DeleteAsync($"/v1/chats/{chatId}/members/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await adminHttp.DeleteAsync($"/v1/chats/{chatId}/members/{other.Id}")).StatusCode);

        var chat = await adminHttp.GetFromJsonAsync<JsonElement>($"/v1/chats/{chatId}");
        Assert.Equal([admin.Id, member.Id], chat.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetInt64()).Order());
    }

    [Fact]
    public async Task HistoryIsNewestFirstWithCursorPagesCappedAtOneHundred()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        using var http = alice.Http(fixture.Gateway);
        var direct = await http.PostAsJsonAsync("/v1/chats", new { kind = "direct", userId = bob.Id });
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        var chatId = (await direct.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/v1/chats", new { kind = "direct", userId = bob.Id })).StatusCode);

        const int count = 105;
        for (var i = 0; i < count; i++)
        {
            var sent = await http.PostAsJsonAsync($"/v1/chats/{chatId}/messages", new { uuid = Guid.NewGuid(), body = $"m{i}" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        await Eventually.WaitAsync(async () => await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId)) == count,
            TimeSpan.FromSeconds(30), "all messages stored");

        var first = await http.GetFromJsonAsync<JsonElement>($"/v1/chats/{chatId}/messages?limit=500");
        var seqs = first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(6, 100).Select(i => (long)i).Reverse(), seqs);
        var cursor = first.GetProperty("nextCursor").GetInt64();
        var second = await http.GetFromJsonAsync<JsonElement>($"/v1/chats/{chatId}/messages?before={cursor}&limit=100");
        Assert.Equal(["m4", "m3", "m2", "m1", "m0"], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()));

        using var bobHttp = bob.Http(fixture.Gateway);
        var bobsChats = await bobHttp.GetFromJsonAsync<JsonElement>("/v1/chats");
        var summary = bobsChats.EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == chatId);
        Assert.Equal(count, summary.GetProperty("unreadCount").GetInt64());
        Assert.Equal("m104", summary.GetProperty("lastMessage").GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/v1/chats/{chatId}/messages?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/v1/chats/{chatId}/messages?limit=abc")).StatusCode);
    }
}
