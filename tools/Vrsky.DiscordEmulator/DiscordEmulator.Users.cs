using System.Text.Json;
using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator.State;

namespace Vrsky.DiscordEmulator;

/// <summary>What a Discord user does, turned into the dispatches Discord would send the bot.</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>What @everyone may do in a fresh guild's channel: see, talk, react and use commands.</summary>
    private const GuildPermissions MemberPermissions = GuildPermissions.ViewChannel | GuildPermissions.SendMessages | GuildPermissions.ReadMessageHistory |
        GuildPermissions.AddReactions | GuildPermissions.UseApplicationCommands;

    /// <summary>The owner holds every permission; Administrator and Manage Server are the ones that matter here.</summary>
    private const GuildPermissions OwnerPermissions = MemberPermissions | GuildPermissions.Administrator | GuildPermissions.ManageGuild;

    /// <summary>A slash command in the guild's first text channel (or <paramref name="channelId"/>).</summary>
    public Task<InteractionRecord> InvokeCommandAsync(string guildId, string userId, string name, IReadOnlyList<CommandOptionValue>? options = null, string? channelId = null) =>
        CreateInteractionAsync(guildId, userId, InteractionType.ApplicationCommand, new InteractionData(Id: State.Ids.Next(), Name: name, Type: 1, Options: options), channelId, null);

    /// <summary>A button press on a message the bot posted.</summary>
    public Task<InteractionRecord> ClickButtonAsync(string guildId, string userId, string messageId, string customId)
    {
        var message = State.Message(messageId)?.Message ?? throw new ArgumentException($"No message {messageId}.", nameof(messageId));
        var button = message.Components?.SelectMany(r => r.Components ?? []).FirstOrDefault(c => c.CustomId == customId)
            ?? throw new ArgumentException($"Message {messageId} has no component '{customId}'.", nameof(customId));
        if (button.Disabled == true)
        {
            throw new InvalidOperationException($"Button '{customId}' is disabled.");
        }

        return CreateInteractionAsync(guildId, userId, InteractionType.MessageComponent, new InteractionData(CustomId: customId, ComponentType: ComponentType.Button), message.ChannelId, message);
    }

    /// <summary>Submits a modal the bot showed in answer to <paramref name="opener"/>, with the text inputs' values.</summary>
    public Task<InteractionRecord> SubmitModalAsync(InteractionRecord opener, IReadOnlyDictionary<string, string> values)
    {
        if (opener.Response is not { Type: InteractionCallbackType.Modal, Data: { } modal })
        {
            throw new InvalidOperationException("The bot did not answer that interaction with a modal.");
        }

        var inputs = modal.Components?.SelectMany(r => r.Components ?? []).ToList() ?? [];
        // Discord's client lets nobody type past an input's max_length, and the API refuses such a submission.
        if (inputs.FirstOrDefault(i => i.MaxLength is { } max && values.GetValueOrDefault(i.CustomId ?? "", "").Length > max) is { } overlong)
        {
            throw new ArgumentException($"Text input '{overlong.CustomId}' takes at most {overlong.MaxLength} characters.", nameof(values));
        }

        var rows = inputs.Select(input => Component.ActionRow(new Component
        {
            Type = ComponentType.TextInput,
            CustomId = input.CustomId,
            Value = values.GetValueOrDefault(input.CustomId ?? "", ""),
        })).ToList();
        var data = new InteractionData(CustomId: modal.CustomId, Components: rows);
        return CreateInteractionAsync(opener.Interaction.GuildId!, opener.Interaction.Invoker!.Id, InteractionType.ModalSubmit, data, opener.Interaction.ChannelId, opener.Interaction.Message);
    }

    public async Task AddReactionAsync(string guildId, string userId, string messageId, string emoji)
    {
        var message = State.Message(messageId)?.Message ?? throw new ArgumentException($"No message {messageId}.", nameof(messageId));
        await Gateway.DispatchAsync("MESSAGE_REACTION_ADD", new MessageReaction(userId, message.ChannelId, messageId, new Emoji(null, emoji), guildId, Member(guildId, userId))).ConfigureAwait(false);
    }

    /// <summary>The user takes their reaction back; the role it granted stays, as on Discord (only the bot could take it).</summary>
    public async Task RemoveReactionAsync(string guildId, string userId, string messageId, string emoji)
    {
        var message = State.Message(messageId)?.Message ?? throw new ArgumentException($"No message {messageId}.", nameof(messageId));
        await Gateway.DispatchAsync("MESSAGE_REACTION_REMOVE", new MessageReaction(userId, message.ChannelId, messageId, new Emoji(null, emoji), guildId, null)).ConfigureAwait(false);
    }

    /// <summary>Starts (Active), completes or cancels a scheduled event, as a guild admin would in the client.</summary>
    public async Task SetScheduledEventStatusAsync(string guildId, string eventId, ScheduledEventStatus status)
    {
        var updated = State.WithGuild(guildId, g =>
        {
            if (g?.ScheduledEvents.GetValueOrDefault(eventId) is not { } current)
            {
                return null;
            }

            return g.ScheduledEvents[eventId] = current with { Status = status };
        }) ?? throw new ArgumentException($"No scheduled event {eventId} in guild {guildId}.", nameof(eventId));
        await Gateway.DispatchAsync("GUILD_SCHEDULED_EVENT_UPDATE", updated).ConfigureAwait(false);
    }

    private async Task<InteractionRecord> CreateInteractionAsync(string guildId, string userId, InteractionType type, InteractionData data, string? channelId, Message? message)
    {
        channelId ??= State.Channels(guildId).FirstOrDefault()?.Id ?? throw new ArgumentException($"Unknown guild {guildId}.", nameof(guildId));
        var member = Member(guildId, userId) with { Permissions = PermissionsFormat.Format(userId == Options.OwnerId ? OwnerPermissions : MemberPermissions) };
        var interaction = new Interaction(State.Ids.Next(), Options.ApplicationId, type, "itoken-" + Guid.NewGuid().ToString("N"), data, guildId, channelId, member, null, message);
        var record = new InteractionRecord(interaction, Time.GetUtcNow());
        State.AddInteraction(record);
        await Gateway.DispatchAsync("INTERACTION_CREATE", interaction).ConfigureAwait(false);
        return record;
    }

    /// <summary>A server admin giving a member one of the guild's roles in the Discord client.</summary>
    public void GrantRole(string guildId, string userId, string roleName)
    {
        State.WithGuild(guildId, g =>
        {
            var role = g?.Roles.FirstOrDefault(r => r.Name == roleName) ?? throw new ArgumentException($"Guild {guildId} has no role '{roleName}'.", nameof(roleName));
            if (!g!.MemberRoles.TryGetValue(userId, out var roles))
            {
                g.MemberRoles[userId] = roles = [];
            }

            return roles.Add(role.Id);
        });
        NotifyChanged();
    }

    /// <summary>A server admin taking one of the guild's roles away from a member in the Discord client.</summary>
    public void RevokeRole(string guildId, string userId, string roleName)
    {
        State.WithGuild(guildId, g =>
        {
            var role = g?.Roles.FirstOrDefault(r => r.Name == roleName) ?? throw new ArgumentException($"Guild {guildId} has no role '{roleName}'.", nameof(roleName));
            return g!.MemberRoles.GetValueOrDefault(userId)?.Remove(role.Id) ?? false;
        });
        NotifyChanged();
    }

    private GuildMember Member(string guildId, string userId) =>
        new(new User(userId, $"user{userId[^Math.Min(4, userId.Length)..]}"), [.. State.MemberRoles(guildId, userId)]);

    /// <summary>A command option value as Discord sends it.</summary>
    public static CommandOptionValue Option(string name, object value) =>
        new(name, value is int or long ? (int)CommandOptionType.Integer : (int)CommandOptionType.String, JsonSerializer.SerializeToElement(value));

    public static CommandOptionValue SubCommand(string name, params CommandOptionValue[] options) => new(name, (int)CommandOptionType.SubCommand, null, options);
}
