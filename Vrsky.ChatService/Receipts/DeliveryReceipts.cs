using Npgsql;
using Vrsky.Chat.Contracts.Messaging;

namespace Vrsky.ChatService.Receipts;

/// <summary>Records, in the message's own transaction, that it is on its way to every other member of the chat.</summary>
internal static class DeliveryReceipts
{
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredMessage message, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO delivery_receipts (message_id, user_id)
            SELECT @message, user_id FROM chat_members WHERE chat_id = @chat AND user_id <> @sender
            """, connection, transaction);
        command.Parameters.AddWithValue("message", message.Id);
        command.Parameters.AddWithValue("chat", message.ChatId);
        command.Parameters.AddWithValue("sender", message.SenderId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
