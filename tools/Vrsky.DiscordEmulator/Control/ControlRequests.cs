using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Control;

/// <summary>A control API body that says what is wrong with it (null when nothing is): fields arrive null when left out.</summary>
public interface IControlRequest
{
    string? Problem();
}

public sealed record CommandRequest(string? GuildId, string? UserId, string? Name, IReadOnlyList<CommandOptionValue>? Options = null) : IControlRequest
{
    public string? Problem() => ControlFields.Id(GuildId, "guild_id") ?? ControlFields.Id(UserId, "user_id") ?? ControlFields.Text(Name, "name", 32)
        ?? (Options is { Count: > 25 } ? "at most 25 options" : null);
}

public sealed record ButtonRequest(string? GuildId, string? UserId, string? MessageId, string? CustomId) : IControlRequest
{
    public string? Problem() => ControlFields.Id(GuildId, "guild_id") ?? ControlFields.Id(UserId, "user_id") ?? ControlFields.Id(MessageId, "message_id")
        ?? ControlFields.Text(CustomId, "custom_id", 100);
}

public sealed record ModalRequest(string? InteractionId, Dictionary<string, string>? Values) : IControlRequest
{
    public string? Problem() => ControlFields.Id(InteractionId, "interaction_id") ?? Values switch
    {
        null => "values is required (text input custom id → value)",
        { Count: > 5 } => "a modal has at most 5 text inputs",
        _ => Values.Select(v => ControlFields.Text(v.Key, "a value's key", 100) ?? (v.Value is { Length: > 4000 } ? "values are at most 4000 characters" : null))
            .FirstOrDefault(p => p is not null),
    };
}

public sealed record ReactionRequest(string? GuildId, string? UserId, string? MessageId, string? Emoji) : IControlRequest
{
    public string? Problem() => ControlFields.Id(GuildId, "guild_id") ?? ControlFields.Id(UserId, "user_id") ?? ControlFields.Id(MessageId, "message_id")
        ?? ControlFields.Text(Emoji, "emoji", 32);
}

/// <summary>What an admin does to a scheduled event in the client: Active starts it, Completed or Canceled ends it.</summary>
public sealed record ScheduledEventStatusRequest(string? GuildId, string? EventId, ScheduledEventStatus? Status) : IControlRequest
{
    public string? Problem() => ControlFields.Id(GuildId, "guild_id") ?? ControlFields.Id(EventId, "event_id")
        ?? (Status is null || !Enum.IsDefined(Status.Value) ? "status is required: 1 scheduled, 2 active, 3 completed or 4 canceled" : null);
}

public sealed record RoleRequest(string? GuildId, string? UserId, string? RoleName) : IControlRequest
{
    public string? Problem() => ControlFields.Id(GuildId, "guild_id") ?? ControlFields.Id(UserId, "user_id") ?? ControlFields.Text(RoleName, "role_name", 100);
}

public sealed record InvalidSessionRequest(bool? Resumable) : IControlRequest
{
    public string? Problem() => Resumable is null ? "resumable (true or false) is required" : null;
}

internal static class ControlFields
{
    /// <summary>Snowflakes are decimal and fit in 64 bits: at most 20 digits.</summary>
    public static string? Id(string? value, string name) =>
        value is { Length: >= 1 and <= 20 } && value.All(char.IsAsciiDigit) ? null : $"{name} is required: a Discord id (1-20 digits)";

    public static string? Text(string? value, string name, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength ? null : $"{name} is required, at most {maxLength} characters";
}
