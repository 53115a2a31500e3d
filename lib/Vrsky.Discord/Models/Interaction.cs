using System.Text.Json;

namespace Vrsky.Discord.Models;

public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>An INTERACTION_CREATE payload. <see cref="Token"/> authorises responses for 15 minutes; never log it.</summary>
public sealed record Interaction(
    string Id,
    string ApplicationId,
    InteractionType Type,
    string Token,
    InteractionData? Data = null,
    string? GuildId = null,
    string? ChannelId = null,
    GuildMember? Member = null,
    User? User = null,
    Message? Message = null)
{
    /// <summary>The invoking user: the member's user in a guild, the user in a DM.</summary>
    public User? Invoker => Member?.User ?? User;
}

/// <summary>Command name and options, a component's custom id, or a modal's submitted components.</summary>
public sealed record InteractionData(
    string? Id = null,
    string? Name = null,
    int? Type = null,
    IReadOnlyList<CommandOptionValue>? Options = null,
    string? CustomId = null,
    ComponentType? ComponentType = null,
    IReadOnlyList<Component>? Components = null)
{
    /// <summary>The value a user typed into the modal text input <paramref name="customId"/>, if present.</summary>
    public string? TextInput(string customId) =>
        Components?.SelectMany(row => row.Components ?? []).FirstOrDefault(c => c.CustomId == customId)?.Value;

    public CommandOptionValue? Option(string name) => Options?.FirstOrDefault(o => o.Name == name);
}

/// <summary>A command option as invoked; subcommands nest their own options.</summary>
public sealed record CommandOptionValue(string Name, int Type, JsonElement? Value = null, IReadOnlyList<CommandOptionValue>? Options = null);

public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

public sealed record InteractionResponse(InteractionCallbackType Type, InteractionCallbackData? Data = null)
{
    public static InteractionResponse Defer(bool ephemeral = false) =>
        new(InteractionCallbackType.DeferredChannelMessageWithSource, ephemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null);

    public static InteractionResponse DeferUpdate() => new(InteractionCallbackType.DeferredUpdateMessage);

    public static InteractionResponse Reply(string content, bool ephemeral = false) =>
        new(InteractionCallbackType.ChannelMessageWithSource, new InteractionCallbackData { Content = content, Flags = ephemeral ? MessageFlags.Ephemeral : null });

    public static InteractionResponse Modal(string customId, string title, params Component[] rows) =>
        new(InteractionCallbackType.Modal, new InteractionCallbackData { CustomId = customId, Title = title, Components = rows });
}

/// <summary>Message fields for types 4 and 7; custom id, title and components for a modal (type 9).</summary>
public sealed record InteractionCallbackData
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public int? Flags { get; init; }
    public string? CustomId { get; init; }
    public string? Title { get; init; }
}

public static class MessageFlags
{
    /// <summary>Only the invoking user sees the message.</summary>
    public const int Ephemeral = 1 << 6;
}
