using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>The round message: an embed plus the buttons that fit its state (Join/Leave, Enter Score, none once final).</summary>
public static class RoundView
{
    /// <summary>Names the fields a long player list continues in: Discord needs a name, and an invisible one reads as one list.</summary>
    public const string ContinuedFieldName = "\u200b";

    public static MessageParams Message(RoundRecord round)
    {
        List<EmbedField> fields =
        [
            new("When", $"<t:{round.Start.ToUnixTimeSeconds()}:F>", true),
            new("Where", round.Location, true),
            new("Status", round.Status, true),
        ];
        var details = new Embed
        {
            Title = round.Title,
            Description = round.Description.Length == 0 ? null : round.Description,
            Color = round.Status switch { RoundStatus.Scheduled => 0x3498DB, RoundStatus.Started => 0xE67E22, _ => 0x2ECC71 },
            Fields = fields,
            Footer = new EmbedFooter($"Round {round.Id}"),
        };
        var heading = round.Status == RoundStatus.Finalized ? "Results" : $"Players ({round.Players.Count})";
        var fieldsLeft = EmbedLimits.MaxFields - fields.Count;
        var charactersLeft = EmbedLimits.MaxTotal - EmbedLimits.Length(details);
        var players = PlayerFields(heading, EmbedLimits.Shorten(PlayerLines(round), lines =>
            PlayerFields(heading, lines) is var candidate && candidate.Count <= fieldsLeft && candidate.Sum(f => f.Name.Length + f.Value.Length) <= charactersLeft));
        var embed = details with { Fields = [.. fields, .. players] };
        IReadOnlyList<Component> components = round.Status switch
        {
            RoundStatus.Scheduled =>
            [
                Component.ActionRow(
                    Component.Button(BotCommands.JoinPrefix + round.Id, "Join", ButtonStyle.Success),
                    Component.Button(BotCommands.LeavePrefix + round.Id, "Leave", ButtonStyle.Secondary)),
            ],
            RoundStatus.Started => [Component.ActionRow(Component.Button(BotCommands.ScorePrefix + round.Id, "Enter Score"))],
            _ => [],
        };
        return new MessageParams { Embeds = [embed], Components = components };
    }

    /// <summary>The list in as many fields as it needs (a field value holds at most 1,024 characters), the first under the heading.</summary>
    private static List<EmbedField> PlayerFields(string heading, IReadOnlyList<string> lines) =>
        EmbedLimits.Pack(lines).Select((value, i) => new EmbedField(i == 0 ? heading : ContinuedFieldName, value)).ToList();

    private static List<string> PlayerLines(RoundRecord round)
    {
        if (round.Players.Count == 0)
        {
            return ["Nobody yet."];
        }

        if (round.Status != RoundStatus.Finalized)
        {
            return round.Players.Select(p => $"<@{p.UserId}>{(p.HasEntered ? " ✔" : "")}").ToList();
        }

        var ranked = Ranking.Rank(round.Players.Where(p => p.Score is not null).Select(p => (p.UserId, p.Score!.Value)));
        return ranked.Select(r => $"{r.Rank}. <@{r.UserId}> {FormatScore(r.Score)}")
            .Concat(round.Players.Where(p => p.Dnf).Select(p => $"DNF <@{p.UserId}>"))
            .ToList();
    }

    public static string FormatScore(int score) => score switch { 0 => "E", > 0 => $"+{score}", _ => score.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
