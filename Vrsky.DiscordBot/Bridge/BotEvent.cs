using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Bridge;

/// <summary>Kinds of <see cref="BotEvent"/> on the interaction subject.</summary>
public static class BotEventKinds
{
    public const string Interaction = "interaction";
    public const string ReactionAdd = "reaction_add";
    public const string ScheduledEvent = "scheduled_event";
    public const string RoundStart = "round_start";
    public const string ActionResult = "action_result";
    public const string GuildConfigured = "guild_configured";
}

/// <summary>
/// What the gateway (or a worker's scheduler) publishes for workers. <see cref="Id"/> doubles as <c>Nats-Msg-Id</c> and
/// as the key of the worker's processed-events table, so a repeat changes nothing.
/// </summary>
public sealed record BotEvent
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string GuildId { get; init; }
    public Interaction? Interaction { get; init; }
    public MessageReaction? Reaction { get; init; }
    public GuildScheduledEvent? ScheduledEvent { get; init; }
    public long? RoundId { get; init; }
    public ActionResult? Result { get; init; }
    public Setup.GuildConfig? Config { get; init; }
}

/// <summary>The id Discord gave to what an action with a <see cref="BotAction.Ref"/> created.</summary>
public sealed record ActionResult(string Ref, string Id, string? ChannelId);
