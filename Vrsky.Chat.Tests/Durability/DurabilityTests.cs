using System.Net.Http.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Durability;

[Collection(ChatCollection.Name)]
public sealed class DurabilityTests(ChatFixture fixture)
{
    [Fact]
    public async Task AChatServiceKilledMidStreamAndRestartedLosesNoMessage()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var socket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);

        const int total = 300;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                await socket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body = $"m{i}" });
            }
        });

        Task<long> Stored() => fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId));
        await Eventually.WaitAsync(async () => await Stored() >= 20, TimeSpan.FromSeconds(30), "the stream has started");
        await fixture.RestartChatServiceAsync(whileDown: () => sender);

        await Eventually.WaitAsync(async () => await Stored() >= total, TimeSpan.FromSeconds(60), "every message stored");
        Assert.Equal(total, await Stored());
        Assert.Equal(total, await fixture.ScalarAsync("SELECT count(DISTINCT seq) FROM messages WHERE chat_id = @c AND seq BETWEEN 1 AND @n", ("c", chatId), ("n", (long)total)));
    }

    [Fact]
    public async Task ReadReceiptsAreBatchedAndNoneIsLostAcrossAPresenceServiceRestart()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        using var aliceHttp = alice.Http(fixture.Gateway);
        const int total = 250;
        for (var i = 0; i < total; i++)
        {
            await aliceHttp.PostAsJsonAsync($"/v1/chats/{chatId}/messages", new { uuid = Guid.NewGuid(), body = $"m{i}" });
        }

        await Eventually.WaitAsync(async () => await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId)) == total,
            TimeSpan.FromSeconds(30), "messages stored");
        var ids = new List<long>();
        await using (var command = fixture.Database.CreateCommand("SELECT id FROM messages WHERE chat_id = @c ORDER BY seq"))
        {
            command.Parameters.AddWithValue("c", chatId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);
        Task<long> Receipts() => fixture.ScalarAsync("SELECT count(*) FROM read_receipts r JOIN messages m ON m.id = r.message_id WHERE m.chat_id = @c", ("c", chatId));

        // Half while the presence service runs, half while it is down (they wait in the queue).
        foreach (var id in ids.Take(total / 2))
        {
            await bobSocket.SendAsync(new { type = "Read", chatId, msgId = id });
        }

        await Eventually.WaitAsync(async () => await Receipts() >= 10, TimeSpan.FromSeconds(30), "receipts are being written");
        await fixture.RestartPresenceServiceAsync(whileDown: async () =>
        {
            foreach (var id in ids.Skip(total / 2))
            {
                await bobSocket.SendAsync(new { type = "Read", chatId, msgId = id });
            }

            await bobSocket.SendAsync(new { type = "Ping" });
            await bobSocket.WaitForAsync(f => SocketClient.Type(f) == "Pong");
        });

        await Eventually.WaitAsync(async () => await Receipts() >= total, TimeSpan.FromSeconds(60), "every receipt written");
        Assert.Equal(total, await Receipts());
        // Receipts of one batch share their transaction's timestamp: far fewer writes than receipts.
        var batches = await fixture.ScalarAsync("SELECT count(DISTINCT r.written_at) FROM read_receipts r JOIN messages m ON m.id = r.message_id WHERE m.chat_id = @c", ("c", chatId));
        Assert.InRange(batches, 2, total / 5);
        Assert.Equal(ids[^1], await fixture.ScalarAsync("SELECT m.id FROM chat_members cm JOIN messages m ON m.chat_id = cm.chat_id AND m.seq = cm.last_read_seq WHERE cm.chat_id = @c AND cm.user_id = @u", ("c", chatId), ("u", bob.Id)));
    }
}
