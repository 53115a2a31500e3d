using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// A metric label for an interaction: its type and which of the bot's commands, buttons or modals it is, e.g.
/// <c>component:round:join</c>. Custom ids carry round ids, so labelling by them would make a new series per round;
/// anything the bot did not create is <c>unknown</c>, so a client cannot invent label values either.
/// </summary>
public static class InteractionKind
{
    private const string Unknown = "unknown";
    private static readonly HashSet<string> Commands = [.. BotCommands.All.Select(c => c.Name)];
    private static readonly HashSet<string> FixedCustomIds = [BotCommands.SetupModal, BotCommands.CreateRoundModal];
    private static readonly string[] CustomIdPrefixes = [BotCommands.JoinPrefix, BotCommands.LeavePrefix, BotCommands.ScorePrefix];

    public static string Of(Interaction interaction) => interaction.Type switch
    {
        InteractionType.ApplicationCommand => "command:" + (interaction.Data?.Name is { } name && Commands.Contains(name) ? name : Unknown),
        InteractionType.MessageComponent => "component:" + CustomIdKind(interaction.Data?.CustomId),
        InteractionType.ModalSubmit => "modal:" + CustomIdKind(interaction.Data?.CustomId),
        _ => Unknown,
    };

    private static string CustomIdKind(string? customId) =>
        customId is null ? Unknown
        : FixedCustomIds.Contains(customId) ? customId
        : CustomIdPrefixes.FirstOrDefault(p => customId.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? prefix.TrimEnd(':')
        : Unknown;
}
