using System.Text.Json;
using Npgsql;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Ordering;

/// <summary>
/// Per-chat order with several chat services (each publishes its own delivery events, so a chat's seq n+1 may
/// reach a gateway before n) and concurrency across chats inside one chat service.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class ChatOrderTests(ChatFixture fixture)
{
    private const int Chats = 4;
    private const int PerSenderAndChat = 40;
    private const int PerChat = 2 * PerSenderAndChat;
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WithTwoChatServicesEveryReceiverSeesEachChatInSequenceOrderWithoutGaps()
    {
        await using var second = await fixture.StartChatServiceAsync();
        await StreamAndCheckAsync(whileSending: _ => Task.CompletedTask);
    }

    [Fact]
    public async Task AChatServiceKilledWhileTwoRunLosesNothingAndKeepsTheOrder()
    {
        await using var second = await fixture.StartChatServiceAsync();
        await StreamAndCheckAsync(whileSending: async stored =>
        {
            await Eventually.WaitAsync(async () => await stored() >= Chats * PerChat / 4, TimeSpan.FromSeconds(60), "a quarter stored");
            await second.KillAsync();
        });
    }

    [Fact]
    public async Task AChatBlockedOnItsRowLockDoesNotHoldBackOtherChats()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var blocked = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        var others = new[] { await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob), await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob) };
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);

        // The chat service takes the next seq with UPDATE chats ... on the chat's row: this lock makes that store wait.
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM chats WHERE id = @c FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.AddWithValue("c", blocked);
            await lockRow.ExecuteScalarAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            await aliceSocket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId = blocked, body = $"blocked {i}" });
        }

        foreach (var chatId in others)
        {
            for (var i = 0; i < 3; i++)
            {
                await aliceSocket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body = $"free {i}" });
            }
        }

        // Well inside Npgsql's 30 s command timeout, after which the blocked store would give up and free the service anyway.
        foreach (var chatId in others)
        {
            for (var seq = 1; seq <= 3; seq++)
            {
                var frame = await bobSocket.WaitForAsync(f => IsMessage(f, chatId), TimeSpan.FromSeconds(20));
                Assert.Equal(seq, frame.GetProperty("seq").GetInt64());
            }
        }

        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", blocked)));
        await transaction.RollbackAsync();

        for (var i = 0; i < 3; i++)
        {
            var frame = await bobSocket.WaitForAsync(f => IsMessage(f, blocked), TimeSpan.FromSeconds(30));
            Assert.Equal(i + 1, frame.GetProperty("seq").GetInt64());
            Assert.Equal($"blocked {i}", frame.GetProperty("body").GetString());
        }
    }

    [Fact]
    public async Task AStoredMessageWhoseEventNeverCameIsReadFromTheDatabaseBeforeTheNextOne()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);

        // What a chat service leaves when it dies between its commit and its publish (and its command is not redelivered yet).
        var unannounced = Guid.NewGuid();
        await using (var store = fixture.Database.CreateCommand(
            """
            WITH next AS (UPDATE chats SET last_seq = last_seq + 1 WHERE id = @c RETURNING last_seq)
            INSERT INTO messages (chat_id, seq, sender_id, client_uuid, body) SELECT @c, last_seq, @s, @u, 'unannounced' FROM next
            """))
        {
            store.Parameters.AddWithValue("c", chatId);
            store.Parameters.AddWithValue("s", alice.Id);
            store.Parameters.AddWithValue("u", unannounced);
            Assert.Equal(1, await store.ExecuteNonQueryAsync());
        }

        var announced = Guid.NewGuid();
        await aliceSocket.SendAsync(new { type = "SendMessage", uuid = announced, chatId, body = "announced" });

        foreach (var socket in new[] { bobSocket, aliceSocket })
        {
            var first = await socket.WaitForAsync(f => IsMessage(f, chatId));
            Assert.Equal((1L, unannounced), (first.GetProperty("seq").GetInt64(), first.GetProperty("uuid").GetGuid()));
        }

        var second = await bobSocket.WaitForAsync(f => IsMessage(f, chatId));
        Assert.Equal((2L, announced), (second.GetProperty("seq").GetInt64(), second.GetProperty("uuid").GetGuid()));
        var delivered = await aliceSocket.WaitForAsync(f => SocketClient.Type(f) == "Delivered");
        Assert.Equal((2L, announced), (delivered.GetProperty("seq").GetInt64(), delivered.GetProperty("uuid").GetGuid()));
    }

    /// <summary>
    /// Alice (replica 0) and Bob (replica 1) send to <see cref="Chats"/> chats at once; Carol follows them on both
    /// replicas. Each of Carol's sockets must see every chat's seqs 1..n in order, each sender gets Delivered for
    /// every message, and the database holds every message once.
    /// </summary>
    private async Task StreamAndCheckAsync(Func<Func<Task<long>>, Task> whileSending)
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ChatApiClient.RegisterAndLoginAsync(fixture.Gateway)));
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var chatIds = new List<long>();
        for (var i = 0; i < Chats; i++)
        {
            chatIds.Add(await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob, carol));
        }

        await using var aliceSocket = await SocketClient.ConnectAsync(fixture.Replicas[0], alice.AccessToken);
        await using var bobSocket = await SocketClient.ConnectAsync(fixture.Replicas[1], bob.AccessToken);
        await using var carolOn0 = await SocketClient.ConnectAsync(fixture.Replicas[0], carol.AccessToken);
        await using var carolOn1 = await SocketClient.ConnectAsync(fixture.Replicas[1], carol.AccessToken);

        async Task<List<Guid>> SendAllAsync(SocketClient socket, string who)
        {
            var uuids = new List<Guid>();
            for (var i = 0; i < PerSenderAndChat; i++)
            {
                foreach (var chatId in chatIds)
                {
                    var uuid = Guid.NewGuid();
                    uuids.Add(uuid);
                    await socket.SendAsync(new { type = "SendMessage", uuid, chatId, body = $"{who} {i}" });
                }
            }

            return uuids;
        }

        Task<long> Stored() => fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = ANY(@c)", ("c", chatIds.ToArray()));
        var aliceSends = Task.Run(() => SendAllAsync(aliceSocket, "alice"));
        var bobSends = Task.Run(() => SendAllAsync(bobSocket, "bob"));
        await whileSending(Stored);
        var sent = (await aliceSends).Concat(await bobSends).ToList();

        foreach (var carolSocket in new[] { carolOn0, carolOn1 })
        {
            var seqs = chatIds.ToDictionary(c => c, _ => new List<long>());
            for (var i = 0; i < Chats * PerChat; i++)
            {
                var frame = await carolSocket.WaitForAsync(f => SocketClient.Type(f) == "Message", FrameTimeout);
                seqs[frame.GetProperty("chatId").GetInt64()].Add(frame.GetProperty("seq").GetInt64());
            }

            foreach (var (chatId, received) in seqs)
            {
                Assert.Equal(Enumerable.Range(1, PerChat).Select(s => (long)s), received);
            }
        }

        foreach (var (socket, uuids) in new[] { (aliceSocket, sent[..(sent.Count / 2)]), (bobSocket, sent[(sent.Count / 2)..]) })
        {
            foreach (var uuid in uuids)
            {
                await socket.WaitForAsync(f => SocketClient.Type(f) == "Delivered" && f.GetProperty("uuid").GetGuid() == uuid, FrameTimeout);
            }
        }

        Assert.Equal(sent.Count, await Stored());
        Assert.Equal(sent.Count, await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE client_uuid = ANY(@u)", ("u", sent.ToArray())));
    }

    private static bool IsMessage(JsonElement frame, long chatId) =>
        SocketClient.Type(frame) == "Message" && frame.GetProperty("chatId").GetInt64() == chatId;
}
