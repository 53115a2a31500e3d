using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Realtime;

/// <summary>A <c>Read</c> frame reaches the chat only for a receipt that moved the reader's cursor.</summary>
[Collection(ChatCollection.Name)]
public sealed class ReadAnnouncementTests(ChatFixture fixture)
{
    [Fact]
    public async Task AReadOfAnotherChatsMessageOrBehindTheCursorIsNotAnnounced()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        var otherChatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);

        async Task<long> SendAsync(long chat, string body)
        {
            var uuid = Guid.NewGuid();
            await aliceSocket.SendAsync(new { type = "SendMessage", uuid, chatId = chat, body });
            return (await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == uuid)).GetProperty("msgId").GetInt64();
        }

        var (first, second, third) = (await SendAsync(chatId, "1"), await SendAsync(chatId, "2"), await SendAsync(chatId, "3"));
        var foreign = await SendAsync(otherChatId, "elsewhere");
        bool IsRead(JsonElement f) => SocketClient.Type(f) == "Read" && f.GetProperty("chatId").GetInt64() == chatId;

        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = second });
        Assert.Equal(second, (await aliceSocket.WaitForAsync(IsRead)).GetProperty("msgId").GetInt64());

        // Neither of the first two moves Bob's cursor; the third does. Announcements follow receipt order, so a
        // wrongly announced one would arrive before the third's.
        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = foreign });
        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = first });
        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = third });
        Assert.Equal(third, (await aliceSocket.WaitForAsync(IsRead)).GetProperty("msgId").GetInt64());
        await Assert.ThrowsAsync<TimeoutException>(() => aliceSocket.WaitForAsync(IsRead, TimeSpan.FromMilliseconds(300)));
    }
}
