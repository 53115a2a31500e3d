using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Setup;

/// <summary>The slash commands the bot registers, and the custom ids of its buttons and modals.</summary>
public static class BotCommands
{
    public const string FrolfSetup = "frolf-setup";
    public const string FrolfReset = "frolf-reset";
    public const string CreateRound = "createround";
    public const string ClaimTag = "claimtag";
    public const string Leaderboard = "leaderboard";
    public const string Season = "season";

    public const string SetupModal = "setup";
    public const string CreateRoundModal = "createround";
    public const string ScorePrefix = "score:";
    public const string JoinPrefix = "round:join:";
    public const string LeavePrefix = "round:leave:";

    public const int MaxTag = 100;

    public static readonly IReadOnlyList<ApplicationCommand> All =
    [
        new(FrolfSetup, "Set up the frolf bot here: channels, roles and the signup message"),
        new(FrolfReset, "Forget this server's rounds, tags and seasons"),
        new(CreateRound, "Create a disc golf round"),
        new(ClaimTag, "Claim a free leaderboard tag",
            [new(CommandOptionType.Integer, "tag", "Tag number (1-100)", Required: true, MinValue: 1, MaxValue: MaxTag)]),
        new(Leaderboard, "Show the tag leaderboard"),
        new(Season, "Seasons with points",
        [
            new(CommandOptionType.SubCommand, "start", "Start a season", Options: [new(CommandOptionType.String, "name", "Season name")]),
            new(CommandOptionType.SubCommand, "standings", "Show the current season's points"),
            new(CommandOptionType.SubCommand, "end", "End the current season"),
        ]),
    ];
}
