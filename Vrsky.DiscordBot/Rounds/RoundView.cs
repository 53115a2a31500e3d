using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Rounds;

/// <summary>The round message: an embed plus the buttons that fit its state (Join/Leave, Enter Score, none once final).</summary>
public static class RoundView
{
    public static MessageParams Message(RoundRecord round)
    {
        var embed = new Embed
        {
            Title = round.Title,
            Description = round.Description.Length == 0 ? null : round.Description,
            Color = round.Status switch { RoundStatus.Scheduled => 0x3498DB, RoundStatus.Started => 0xE67E22, _ => 0x2ECC71 },
            Fields =
            [
                new("When", $"<t:{round.Start.ToUnixTimeSeconds()}:F>", true),
                new("Where", round.Location, true),
                new("Status", round.Status, true),
                new(round.Status == RoundStatus.Finalized ? "Results" : $"Players ({round.Players.Count})", Players(round)),
            ],
            Footer = new EmbedFooter($"Round {round.Id}"),
        };
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

    private static string Players(RoundRecord round)
    {
        if (round.Players.Count == 0)
        {
            return "Nobody yet.";
        }

        if (round.Status != RoundStatus.Finalized)
        {
            return string.Join('\n', round.Players.Select(p => $"<@{p.UserId}>{(p.HasEntered ? " ✔" : "")}"));
        }

        var ranked = Ranking.Rank(round.Players.Where(p => p.Score is not null).Select(p => (p.UserId, p.Score!.Value)));
        var lines = ranked.Select(r => $"{r.Rank}. <@{r.UserId}> {FormatScore(r.Score)}")
            .Concat(round.Players.Where(p => p.Dnf).Select(p => $"DNF <@{p.UserId}>"));
        return string.Join('\n', lines);
    }

    public static string FormatScore(int score) => score switch { 0 => "E", > 0 => $"+{score}", _ => score.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
