using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.Gateway;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>Interaction callbacks (once, within the deadline) and the interaction webhook.</summary>
internal static class Interactions
{
    public static IResult Callback(DiscordEmulator emulator, string interactionId, string token, InteractionResponse response)
    {
        var record = emulator.State.Interaction(interactionId);
        if (record is null || record.Interaction.Token != token || emulator.Time.GetUtcNow() - record.CreatedAt > emulator.Options.InteractionDeadline)
        {
            return DiscordErrors.UnknownInteraction();
        }

        if (Validate(response) is { } invalid)
        {
            return invalid;
        }

        lock (record)
        {
            if (record.Response is not null)
            {
                return DiscordErrors.AlreadyAcknowledged();
            }

            record.Response = response;
            record.RespondedAt = emulator.Time.GetUtcNow();
        }

        var channel = record.Interaction.ChannelId ?? "";
        var bot = GatewayHub.BotUser(emulator.Options);
        switch (response.Type)
        {
            case InteractionCallbackType.ChannelMessageWithSource:
                record.OriginalMessageId = emulator.State.CreateMessage(channel, ToParams(response.Data), bot).Id;
                break;
            case InteractionCallbackType.DeferredChannelMessageWithSource:
                // Discord shows "<bot> is thinking…" until the original response is edited.
                record.OriginalMessageId = emulator.State.CreateMessage(channel, new MessageParams { Content = "", Flags = response.Data?.Flags }, bot).Id;
                break;
            case InteractionCallbackType.DeferredUpdateMessage:
                record.OriginalMessageId = record.Interaction.Message?.Id;
                break;
            case InteractionCallbackType.UpdateMessage:
                record.OriginalMessageId = record.Interaction.Message?.Id;
                if (record.OriginalMessageId is { } id)
                {
                    emulator.State.EditMessage(id, ToParams(response.Data));
                }

                break;
        }

        emulator.NotifyChanged();
        return Results.NoContent();
    }

    private static IResult? Validate(InteractionResponse response) => response.Type switch
    {
        InteractionCallbackType.Modal when response.Data is not { CustomId.Length: > 0, Title.Length: > 0, Components.Count: > 0 and <= 5 } =>
            DiscordErrors.InvalidBody("a modal needs custom_id, title and 1-5 action rows"),
        InteractionCallbackType.ChannelMessageWithSource when response.Data is null || Messages.Validate(ToParams(response.Data)) is not null =>
            DiscordErrors.EmptyMessage(),
        InteractionCallbackType.Pong or InteractionCallbackType.ApplicationCommandAutocompleteResult => DiscordErrors.InvalidBody("unsupported callback type"),
        _ when !Enum.IsDefined(response.Type) => DiscordErrors.InvalidBody("unknown callback type"),
        _ => null,
    };

    public static IResult EditOriginal(DiscordEmulator emulator, string token, MessageParams body)
    {
        var record = emulator.State.InteractionByToken(token);
        if (record?.OriginalMessageId is not { } messageId)
        {
            return record is null ? DiscordErrors.UnknownInteraction() : DiscordErrors.UnknownMessage();
        }

        var message = emulator.State.EditMessage(messageId, body);
        emulator.NotifyChanged();
        return message is null ? DiscordErrors.UnknownMessage() : RestApi.Json(message);
    }

    public static IResult Followup(DiscordEmulator emulator, string token, MessageParams body)
    {
        var record = emulator.State.InteractionByToken(token);
        if (record?.Response is null)
        {
            return DiscordErrors.UnknownInteraction();
        }

        if (Messages.Validate(body) is { } invalid)
        {
            return invalid;
        }

        var message = emulator.State.CreateMessage(record.Interaction.ChannelId ?? "", body, GatewayHub.BotUser(emulator.Options));
        lock (record)
        {
            record.FollowupMessageIds.Add(message.Id);
        }

        emulator.NotifyChanged();
        return RestApi.Json(message);
    }

    private static MessageParams ToParams(InteractionCallbackData? data) =>
        new() { Content = data?.Content, Embeds = data?.Embeds, Components = data?.Components, Flags = data?.Flags };
}
