using System.Text.Json;
using Vrsky.Chat.Contracts.Storage;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Poison;

/// <summary>Commands the chat service can never store are dead-lettered at once, not retried while their chat waits.</summary>
[Collection(ChatCollection.Name)]
public sealed class MalformedCommandTests(ChatFixture fixture)
{
    // Far below the 5 redeliveries a retried command would take before the queue dead-letters it.
    private static readonly TimeSpan DeadLetterTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ACommandWithoutBodyIsDeadLetteredAtOnce()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var deadLetters = await DeadLetters.ConnectAsync(fixture);

        var uuid = Guid.NewGuid();
        await deadLetters.PublishCommandAsync(chatId, JsonSerializer.Serialize(new { uuid, chatId, senderId = alice.Id, sentAt = DateTimeOffset.UtcNow }, JsonSerializerOptions.Web));

        // Rejected by the consumer, not over the delivery limit (and not left unacked, which never dead-letters).
        Assert.Equal("rejected", await deadLetters.WaitForReasonAsync(uuid.ToString(), DeadLetterTimeout));
        await AssertStoresTheNextMessageAsync(alice, chatId);
    }

    [Fact]
    public async Task ACommandWithAControlCharacterInItsBodyIsDeadLetteredAtOnce()
    {
        var (alice, bob) = (await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway), await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway));
        var chatId = await ChatApiClient.CreateGroupAsync(fixture.Gateway, alice, bob);
        await using var deadLetters = await DeadLetters.ConnectAsync(fixture);

        var uuid = Guid.NewGuid();
        await deadLetters.PublishCommandAsync(chatId, JsonSerializer.Serialize(new { uuid, chatId, senderId = alice.Id, body = "a\u0000b", sentAt = DateTimeOffset.UtcNow }, JsonSerializerOptions.Web));

        Assert.Equal("rejected", await deadLetters.WaitForReasonAsync(uuid.ToString(), DeadLetterTimeout));
        await AssertStoresTheNextMessageAsync(alice, chatId);
    }

    [Fact]
    public async Task TheDatabaseRefusingTheDataIsPermanentAndACancelledStatementIsNot()
    {
        await using var nul = fixture.Database.CreateCommand("SELECT @t::text");
        nul.Parameters.AddWithValue("t", "a\u0000b");
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => nul.ExecuteScalarAsync());
        Assert.Equal("22021", refused.SqlState);
        Assert.True(DatabaseErrors.IsPermanent(refused));

        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var slow = new Npgsql.NpgsqlCommand("SET statement_timeout = 50; SELECT pg_sleep(5)", connection);
        var cancelled = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => slow.ExecuteScalarAsync());
        Assert.Equal("57014", cancelled.SqlState);
        Assert.False(DatabaseErrors.IsPermanent(cancelled));
    }

    private async Task AssertStoresTheNextMessageAsync(TestUser sender, long chatId)
    {
        using var http = sender.Http(fixture.Gateway);
        var response = await http.PostAsync($"/v1/chats/{chatId}/messages", System.Net.Http.Json.JsonContent.Create(new { uuid = Guid.NewGuid(), body = "after" }));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.WaitAsync(async () => await fixture.ScalarAsync("SELECT count(*) FROM messages WHERE chat_id = @c", ("c", chatId)) == 1,
            TimeSpan.FromSeconds(30), "the next message stored");
    }
}
