using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Tests.Chat;

/// <summary>
/// Chat through the AppHost as it ships (gateway replicas, chat service, presence service, migrated database), on
/// the graph the dashboard tests already start rather than another start of every resource.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AppHostChatTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoUsersChatOverTheGatewayPortWithDeliveredMessageAndRead()
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            foreach (var name in new[] { "gateway", "chatservice", "presenceservice" })
            {
                await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            }
        }

        var gateway = fixture.App.GetEndpoint("gateway");
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(gateway), await ChatApiClient.RegisterAndLoginAsync(gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(gateway, alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(gateway, bob.AccessToken);

        var uuid = Guid.NewGuid();
        await aliceSocket.SendAsync(new { type = "SendMessage", uuid, chatId, body = "through the AppHost" });
        var delivered = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered", Patience);
        Assert.Equal(uuid, delivered.GetProperty("uuid").GetGuid());
        var message = await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Message", Patience);
        Assert.Equal("through the AppHost", message.GetProperty("body").GetString());
        Assert.Equal(alice.Id, message.GetProperty("senderId").GetInt64());
        Assert.Equal(delivered.GetProperty("msgId").GetInt64(), message.GetProperty("msgId").GetInt64());

        await bobSocket.SendAsync(new { type = "Read", chatId, msgId = message.GetProperty("msgId").GetInt64() });
        var read = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Read", Patience);
        Assert.Equal(bob.Id, read.GetProperty("userId").GetInt64());
        Assert.Equal(message.GetProperty("msgId").GetInt64(), read.GetProperty("msgId").GetInt64());
    }
}
