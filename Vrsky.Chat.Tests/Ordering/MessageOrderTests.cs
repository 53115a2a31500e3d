extern alias gateway;

using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Chat.Tests.Infrastructure;
using gateway::Vrsky.Gateway.Delivery;

namespace Vrsky.Chat.Tests.Ordering;

/// <summary>The gateway's per-chat ordering when far more events arrive ahead of a gap than it will hold.</summary>
[Collection(ChatCollection.Name)]
public sealed class MessageOrderTests(ChatFixture fixture)
{
    [Fact]
    public async Task EventsBeyondTheHoldBoundAreReadFromTheDatabaseInOrder()
    {
        const int stored = MessageOrder.MaxHeld + 500;
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        var delivered = new List<long>();
        var order = new MessageOrder(new StoredMessages(fixture.Database), (e, _) => { lock (delivered) { delivered.Add(e.Message!.Seq); } }, NullLogger.Instance);
        await order.TrackAsync(chatId, CancellationToken.None);

        // Messages 1..n are committed, but the event of message 1 never comes and the rest arrive ahead of it.
        await using (var insert = fixture.Database.CreateCommand(
            """
            WITH next AS (UPDATE chats SET last_seq = last_seq + @n WHERE id = @c RETURNING last_seq)
            INSERT INTO messages (chat_id, seq, sender_id, client_uuid, body)
            SELECT @c, s, @s, gen_random_uuid(), 'm' || s FROM next, generate_series(1, @n) AS s
            """))
        {
            insert.Parameters.AddWithValue("c", chatId);
            insert.Parameters.AddWithValue("s", alice.Id);
            insert.Parameters.AddWithValue("n", stored);
            Assert.Equal(stored, await insert.ExecuteNonQueryAsync());
        }

        for (var seq = 2L; seq <= stored; seq++)
        {
            var message = new StoredMessage(seq, chatId, seq, alice.Id, Guid.NewGuid(), "m" + seq, DateTimeOffset.UtcNow);
            order.Accept(new DeliveryEvent { Type = DeliveryEventType.Message, ChatId = chatId, Message = message }, message);
            Assert.True(order.HeldCount(chatId) <= MessageOrder.MaxHeld, $"{order.HeldCount(chatId)} events held");
        }

        await Eventually.WaitAsync(() => { lock (delivered) { return delivered.Count >= stored; } }, TimeSpan.FromSeconds(30), "every message handed on");
        order.Forget(chatId);
        lock (delivered)
        {
            Assert.Equal(Enumerable.Range(1, stored).Select(s => (long)s), delivered);
        }
    }
}
