using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Bridge;

public static class BotActionKinds
{
    public const string EditOriginal = "edit_original";
    public const string Followup = "followup";
    public const string CreateMessage = "create_message";
    public const string EditMessage = "edit_message";
    public const string AddRole = "add_role";
    public const string CreateScheduledEvent = "create_scheduled_event";
    public const string ModifyScheduledEvent = "modify_scheduled_event";
}

/// <summary>
/// One Discord call a worker asks the gateway to make. When <see cref="Ref"/> is set the gateway reports the created
/// object's id back as an <see cref="BotEventKinds.ActionResult"/> event (e.g. <c>round:12:message</c>).
/// </summary>
public sealed record BotAction
{
    public required string Kind { get; init; }
    public string? InteractionToken { get; init; }
    public string? ChannelId { get; init; }
    public string? MessageId { get; init; }
    public MessageParams? Message { get; init; }
    public string? UserId { get; init; }
    public string? RoleId { get; init; }
    public GuildScheduledEventCreate? ScheduledEvent { get; init; }
    public string? ScheduledEventId { get; init; }
    public ScheduledEventStatus? ScheduledEventStatus { get; init; }
    public string? Ref { get; init; }

    /// <summary>
    /// Of an <c>edit_message</c>: taken at the end of the worker's transaction, while it holds its locks, so of two edits
    /// of a round's message the one showing the later state has the higher version; the gateway drops an edit older than
    /// one it already applied to that message (two workers' responses can arrive in either order).
    /// </summary>
    public long? Version { get; init; }
}

/// <summary>The actions answering one <see cref="BotEvent"/>, in order.</summary>
public sealed record BotResponse(string Id, string GuildId, string? ApplicationId, IReadOnlyList<BotAction> Actions);
