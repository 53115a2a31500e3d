using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.Gateway;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>Channel messages with nonce de-duplication (their size limits: <see cref="MessageLimits"/>).</summary>
internal static class Messages
{
    public static IResult Create(DiscordEmulator emulator, string channelId, MessageParams body)
    {
        if (!emulator.State.ChannelExists(channelId))
        {
            return DiscordErrors.UnknownChannel();
        }

        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        var message = emulator.State.CreateMessage(channelId, body, GatewayHub.BotUser(emulator.Options));
        emulator.NotifyChanged();
        return RestApi.Json(message);
    }

    /// <summary>GET channel messages: the newest <paramref name="limit"/> (1-100), newest first, as Discord lists them.</summary>
    public static IResult List(DiscordEmulator emulator, string channelId, int limit)
    {
        if (!emulator.State.ChannelExists(channelId))
        {
            return DiscordErrors.UnknownChannel();
        }

        return limit is < 1 or > 100
            ? DiscordErrors.InvalidBody("limit must be 1-100")
            : RestApi.Json(emulator.State.Messages(channelId).Reverse().Take(limit).Select(m => m.Message).ToList());
    }

    public static IResult Edit(DiscordEmulator emulator, string channelId, string messageId, MessageParams body)
    {
        if (emulator.State.Message(messageId)?.Message.ChannelId != channelId)
        {
            return DiscordErrors.UnknownMessage();
        }

        var message = emulator.State.EditMessage(messageId, body);
        emulator.NotifyChanged();
        return message is null ? DiscordErrors.UnknownMessage() : RestApi.Json(message);
    }

    public static IResult? Validate(MessageParams body)
    {
        if (string.IsNullOrEmpty(body.Content) && body.Embeds is not { Count: > 0 } && body.Components is not { Count: > 0 })
        {
            return DiscordErrors.EmptyMessage();
        }

        if (body.Components is { Count: > 5 })
        {
            return DiscordErrors.InvalidBody("action rows at most 5");
        }

        return body.Components?.Any(row => row.Type != ComponentType.ActionRow || row.Components is not { Count: > 0 and <= 5 }) == true
            ? DiscordErrors.InvalidBody("top-level components must be action rows of 1-5 components")
            : null;
    }
}
