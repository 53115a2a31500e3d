using Npgsql;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.PresenceService.Presence;

/// <summary>Tells every chat of a user that the user came online or went offline.</summary>
internal sealed class PresenceAnnouncer(NpgsqlDataSource dataSource, ConfirmingPublisher publisher)
{
    public async Task AnnounceAsync(long userId, bool online, CancellationToken cancellationToken)
    {
        var chats = new List<long>();
        await using (var command = dataSource.CreateCommand("SELECT chat_id FROM chat_members WHERE user_id = @user LIMIT 1000"))
        {
            command.Parameters.AddWithValue("user", userId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                chats.Add(reader.GetInt64(0));
            }
        }

        foreach (var chatId in chats)
        {
            await publisher.PublishTransientAsync(ChatTopology.DeliveryExchange, ChatTopology.ChatKey(chatId),
                new DeliveryEvent { Type = DeliveryEventType.Presence, ChatId = chatId, UserId = userId, Online = online },
                ChatJson.Context.DeliveryEvent, cancellationToken).ConfigureAwait(false);
        }
    }
}
