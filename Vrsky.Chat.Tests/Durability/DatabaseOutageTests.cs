using Npgsql;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Chat.Tests.Infrastructure;
using Vrsky.Hosting.Testing;

namespace Vrsky.Chat.Tests.Durability;

/// <summary>Work accepted while the database is unreachable waits for it instead of being dead-lettered.</summary>
[Collection(ChatCollection.Name)]
public sealed class DatabaseOutageTests(ChatFixture fixture)
{
    [Fact]
    public async Task AMessageAndAReadReceiptSentDuringADatabaseOutageAreStoredOnceTheDatabaseIsBack()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var deadLetters = await DeadLetters.ConnectAsync(fixture);
        var uuid = Guid.NewGuid();
        using (var http = alice.Http(fixture.Gateway))
        {
            await http.PostAsync($"/v1/chats/{chatId}/messages", System.Net.Http.Json.JsonContent.Create(new { uuid = Guid.NewGuid(), body = "before the outage" }));
        }

        await Eventually.WaitAsync(async () => await Stored(chatId) == 1, TimeSpan.FromSeconds(30), "the first message stored");
        var readMessageId = await fixture.ScalarAsync("SELECT id FROM messages WHERE chat_id = @c", ("c", chatId));
        var (messageAttemptsBefore, batchAttemptsBefore) = (FailedMessageAttempts(chatId), FailedBatchAttempts());

        // The outage, as the chat and presence services see it: the chat database takes no new sessions and theirs
        // are ended (the gateways' stay, so later tests meet no dead pooled session), from a session on another
        // database that stays to end the outage.
        var chat = new NpgsqlConnectionStringBuilder(await fixture.App.GetConnectionStringAsync("chat"));
        var database = chat.Database!;
        chat.Database = "postgres";
        chat.Pooling = false;
        await using var admin = new NpgsqlConnection(chat.ConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND application_name = '{ChatFixture.WorkerApplicationName}'");
            await deadLetters.PublishCommandAsync(chatId, System.Text.Json.JsonSerializer.Serialize(
                new { uuid, chatId, senderId = alice.Id, body = "during the outage", sentAt = DateTimeOffset.UtcNow }, System.Text.Json.JsonSerializerOptions.Web));
            await deadLetters.PublishAsync(ChatTopology.ReadKey(chatId), System.Text.Json.JsonSerializer.Serialize(
                new { chatId, userId = bob.Id, messageId = readMessageId, readAt = DateTimeOffset.UtcNow }, System.Text.Json.JsonSerializerOptions.Web));

            // More failed attempts than the delivery limit (5) allows deliveries: consumers that requeued each
            // failure would have dead-lettered both after 5 and never log this many.
            await Eventually.WaitAsync(() => FailedMessageAttempts(chatId) - messageAttemptsBefore > ChatTopology.DeliveryLimit + 1
                && FailedBatchAttempts() - batchAttemptsBefore > ChatTopology.DeliveryLimit + 1, TimeSpan.FromSeconds(60), "both services retry through the outage");
        }
        finally
        {
            await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        await Eventually.WaitAsync(async () => await Stored(chatId) == 2, TimeSpan.FromSeconds(30), "the message stored after the outage");
        await Eventually.WaitAsync(async () => await fixture.ScalarAsync("SELECT count(*) FROM read_receipts WHERE message_id = @m AND user_id = @u", ("m", readMessageId), ("u", bob.Id)) == 1,
            TimeSpan.FromSeconds(30), "the read receipt written after the outage");
    }

    private Task<long> Stored(long chatId) => fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId));

    private int FailedMessageAttempts(long chatId) => fixture.ChatService.Output.Count(l => l.Contains($"Storing a message for chat {chatId} failed", StringComparison.Ordinal));

    // Other tests' receipts never wait in the queue once their test ended, so every batch failing now holds this one.
    private int FailedBatchAttempts() => fixture.PresenceService.Output.Count(l => l.Contains("read receipts failed", StringComparison.Ordinal));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
