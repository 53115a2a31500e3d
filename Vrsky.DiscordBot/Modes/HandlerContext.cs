using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Modes;

/// <summary>One event being handled by a worker: its transaction, and the Discord actions the handler asks for.</summary>
public sealed class HandlerContext(Sql sql, BotEvent evt)
{
    public Sql Sql { get; } = sql;

    public BotEvent Event { get; } = evt;

    public string GuildId => Event.GuildId;

    public Interaction Interaction => Event.Interaction ?? throw new InvalidOperationException($"Event {Event.Id} carries no interaction.");

    /// <summary>The user who clicked, typed or reacted.</summary>
    public string UserId => Event.Interaction?.Invoker?.Id ?? Event.Reaction?.UserId ?? throw new InvalidOperationException($"Event {Event.Id} has no user.");

    public List<BotAction> Actions { get; } = [];

    public Task<GuildConfig?> ConfigAsync(CancellationToken cancellationToken) =>
        GuildConfigStore.GetAsync(Sql.Connection, Sql.Transaction, GuildId, cancellationToken);

    /// <summary>Edits the deferred response (or, after a deferred update, the message whose button was pressed).</summary>
    public void EditOriginal(MessageParams message) =>
        Actions.Add(new BotAction { Kind = BotActionKinds.EditOriginal, InteractionToken = Interaction.Token, Message = message });

    public void Reply(string content, params Embed[] embeds) =>
        EditOriginal(new MessageParams { Content = content, Embeds = embeds.Length == 0 ? null : embeds });

    /// <summary>A public follow-up in the interaction's channel, for news the league should see after a private reply.</summary>
    public void Announce(string content, params Embed[] embeds) =>
        Actions.Add(new BotAction { Kind = BotActionKinds.Followup, InteractionToken = Interaction.Token,
            Message = new MessageParams { Content = content, Embeds = embeds.Length == 0 ? null : embeds } });

    public void EditMessage(string channelId, string messageId, MessageParams message) =>
        Actions.Add(new BotAction { Kind = BotActionKinds.EditMessage, ChannelId = channelId, MessageId = messageId, Message = message });
}
