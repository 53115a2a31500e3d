using System.Net.WebSockets;
using System.Net.Http.Json;
using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Realtime;

[Collection(ChatCollection.Name)]
public sealed class RealtimeTests(ChatFixture fixture)
{
    [Fact]
    public async Task TwoUsersOnDifferentReplicasChatInOrderAndARepeatedUuidIsStoredOnce()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken, viaQuery: true);

        var uuids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (uuid, i) in uuids.Select((u, i) => (u, i)))
        {
            await aliceSocket.SendAsync(new { type = "SendMessage", uuid, chatId, body = $"hello {i}" });
        }

        await aliceSocket.SendAsync(new { type = "SendMessage", uuid = uuids[0], chatId, body = "hello 0" });

        var received = new List<JsonElement>();
        for (var i = 0; i < uuids.Count; i++)
        {
            received.Add(await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Message"));
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"hello {i}"), received.Select(f => f.GetProperty("body").GetString()));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received.Select(f => f.GetProperty("seq").GetInt64()));
        Assert.All(received, f => Assert.Equal(alice.Id, f.GetProperty("senderId").GetInt64()));

        foreach (var uuid in uuids)
        {
            var delivered = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == uuid);
            Assert.True(delivered.GetProperty("msgId").GetInt64() > 0);
        }

        // The repeat is acknowledged with the first copy's id and stored nowhere else.
        var again = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == uuids[0]);
        Assert.Equal(received[0].GetProperty("msgId").GetInt64(), again.GetProperty("msgId").GetInt64());
        Assert.Equal(20, await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId)));
        await Assert.ThrowsAsync<TimeoutException>(() => aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Message", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task TypingAndReadReachTheOtherReplica()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);

        await aliceSocket.SendAsync(new { type = "Typing", chatId });
        Assert.Equal(alice.Id, (await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Typing")).GetProperty("userId").GetInt64());

        await aliceSocket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body = "read me" });
        var message = await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Message");
        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = message.GetProperty("msgId").GetInt64() });
        var read = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Read");
        Assert.Equal(bob.Id, read.GetProperty("userId").GetInt64());
        Assert.Equal(message.GetProperty("msgId").GetInt64(), read.GetProperty("msgId").GetInt64());

        using var bobHttp = bob.Http(fixture.Gateway);
        var summary = (await bobHttp.GetFromJsonAsync<JsonElement>("/v1/chats")).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == chatId);
        Assert.Equal(0, summary.GetProperty("unreadCount").GetInt64());
    }

    [Fact]
    public async Task MalformedFramesGetAnErrorAndTheConnectionSurvives()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        await using var socket = await SocketClient.ConnectAsync(fixture.Gateway, user.AccessToken);

        var cases = new (string Frame, string Code)[]
        {
            ("{not json", "malformed"),
            ("{\"type\":\"Dance\"}", "unknown_type"),
            ("{\"type\":\"SendMessage\",\"chatId\":1,\"uuid\":\"nope\",\"body\":\"x\"}", "invalid_frame"),
            ("{\"type\":\"Ping\",\"chatId\":\"not a number\"}", "malformed"),
            ($"{{\"type\":\"Ping\",\"ref\":\"{new string('x', 70 * 1024)}\"}}", "frame_too_large"),
        };
        foreach (var (frame, code) in cases)
        {
            await socket.SendTextAsync(frame);
            Assert.Equal(code, (await socket.WaitForAsync(f => SocketClient.Type(f) == "Error")).GetProperty("code").GetString());
        }

        await socket.SendAsync(new { type = "Ping", @ref = "still here" });
        Assert.Equal("still here", (await socket.WaitForAsync(f => SocketClient.Type(f) == "Pong")).GetProperty("ref").GetString());
    }

    [Fact]
    public async Task AClientThatKeepsSendingGarbageIsClosedWithPolicyViolation()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        await using var socket = await SocketClient.ConnectAsync(fixture.Gateway, user.AccessToken);

        for (var i = 0; i < 10; i++)
        {
            await socket.SendTextAsync("garbage");
        }

        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task PresenceGoesOfflineWhenTheLastDeviceDisconnects()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var watcher = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);

        var phone = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);
        Assert.True((await watcher.WaitForAsync(f => IsPresenceOf(f, bob))).GetProperty("online").GetBoolean());
        var laptop = await SocketClient.ConnectAsync(fixture.Replicas[0], bob.AccessToken);
        // A connect returns before the gateway reports the device; the Pong follows that report, so the phone's
        // disconnect cannot overtake it (it did, and Bob went offline and online again).
        await laptop.SendAsync(new { type = "Ping" });
        await laptop.WaitForAsync(f => SocketClient.Type(f) == "Pong");

        await phone.DisposeAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => watcher.WaitForAsync(f => IsPresenceOf(f, bob), TimeSpan.FromMilliseconds(500)));
        await laptop.DisposeAsync();
        Assert.False((await watcher.WaitForAsync(f => IsPresenceOf(f, bob))).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task PresenceGoesOfflineWhenTheHeartbeatLapses()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var watcher = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var silent = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);
        Assert.True((await watcher.WaitForAsync(f => IsPresenceOf(f, bob))).GetProperty("online").GetBoolean());

        // Bob's socket stays open but sends no Ping: past the TTL the sweeper takes him offline.
        var offline = await watcher.WaitForAsync(f => IsPresenceOf(f, bob), ChatFixture.PresenceTtl * 4);
        Assert.False(offline.GetProperty("online").GetBoolean());
    }

    private static bool IsPresenceOf(JsonElement frame, TestUser user) =>
        SocketClient.Type(frame) == "Presence" && frame.GetProperty("userId").GetInt64() == user.Id;
}
