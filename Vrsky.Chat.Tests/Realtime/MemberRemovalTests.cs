using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Realtime;

[Collection(ChatCollection.Name)]
public sealed class MemberRemovalTests(ChatFixture fixture)
{
    [Fact]
    public async Task ARemovedMembersOpenSocketStopsReceivingTheChat()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        var otherChatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);

        using (var http = alice.Http(fixture.Gateway))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/chats/{chatId}/members/{bob.Id}")).StatusCode);
        }

        Assert.Equal(chatId, (await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Removed")).GetProperty("chatId").GetInt64());

        async Task SendAsync(long chat, string body)
        {
            var uuid = Guid.NewGuid();
            await aliceSocket.SendAsync(new { type = "SendMessage", uuid, chatId = chat, body });
            await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == uuid);
        }

        // The second message's event reaches Bob's replica after the first's, so had the first been sent to him it
        // would be among the frames before the second.
        await SendAsync(chatId, "after bob left");
        await SendAsync(otherChatId, "still shared");
        Assert.Equal(otherChatId, (await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Message")).GetProperty("chatId").GetInt64());
        await Assert.ThrowsAsync<TimeoutException>(() => bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Message", TimeSpan.FromMilliseconds(300)));
    }
}
