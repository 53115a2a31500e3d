namespace Vrsky.Discord.Models;

public enum ScheduledEventStatus
{
    Scheduled = 1,
    Active = 2,
    Completed = 3,
    Canceled = 4,
}

public static class ScheduledEventEntityTypes
{
    /// <summary>Somewhere outside Discord; needs a location and an end time.</summary>
    public const int External = 3;
}

public sealed record EntityMetadata(string? Location = null);

public sealed record GuildScheduledEvent(
    string Id,
    string GuildId,
    string Name,
    DateTimeOffset ScheduledStartTime,
    ScheduledEventStatus Status,
    int EntityType,
    string? Description = null,
    DateTimeOffset? ScheduledEndTime = null,
    EntityMetadata? EntityMetadata = null,
    int PrivacyLevel = 2);

/// <summary>POST /guilds/{id}/scheduled-events (privacy level 2 = guild only, the only one Discord accepts).</summary>
public sealed record GuildScheduledEventCreate(
    string Name,
    DateTimeOffset ScheduledStartTime,
    DateTimeOffset ScheduledEndTime,
    EntityMetadata EntityMetadata,
    string? Description = null,
    int EntityType = ScheduledEventEntityTypes.External,
    int PrivacyLevel = 2);

public sealed record GuildScheduledEventModify(ScheduledEventStatus? Status = null, string? Name = null, string? Description = null);
