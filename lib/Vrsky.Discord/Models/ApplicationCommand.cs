namespace Vrsky.Discord.Models;

public enum CommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
}

/// <summary>A chat-input command as registered (bulk overwrite) and as returned.</summary>
public sealed record ApplicationCommand(string Name, string Description, IReadOnlyList<ApplicationCommandOption>? Options = null, int Type = 1, string? Id = null);

public sealed record ApplicationCommandOption(CommandOptionType Type, string Name, string Description, bool? Required = null,
    IReadOnlyList<ApplicationCommandOption>? Options = null, int? MinValue = null, int? MaxValue = null);
