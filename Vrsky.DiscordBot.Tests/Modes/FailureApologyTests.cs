using System.Globalization;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Tests.Modes;

public sealed class FailureApologyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    /// <summary>A snowflake made at <paramref name="time"/>, as Discord makes them.</summary>
    private static string IdAt(DateTimeOffset time) =>
        (Snowflake.At(time) | 5).ToString(CultureInfo.InvariantCulture);

    private static BotEvent Event(InteractionType type, DateTimeOffset created, string kind = BotEventKinds.Interaction) => new()
    {
        Id = "interaction:x",
        Kind = kind,
        GuildId = "100",
        Interaction = new Interaction(IdAt(created), "2", type, "token-x", new InteractionData(Name: "claimtag"), GuildId: "100"),
    };

    [Fact]
    public void ADeferredReplyIsEditedIntoTheApology()
    {
        var response = FailureApology.For(Event(InteractionType.ApplicationCommand, Now.AddMinutes(-14)), Now)!;

        var action = Assert.Single(response.Actions);
        Assert.Equal(BotActionKinds.EditOriginal, action.Kind);
        Assert.Equal("token-x", action.InteractionToken);
        Assert.Equal(FailureApology.Text, action.Message!.Content);
        Assert.Equal("apology:interaction:x", response.Id);
    }

    [Fact]
    public void AButtonGetsAnEphemeralFollowupAndItsMessageIsLeftAlone()
    {
        var action = Assert.Single(FailureApology.For(Event(InteractionType.MessageComponent, Now.AddSeconds(-5)), Now)!.Actions);

        Assert.Equal(BotActionKinds.Followup, action.Kind);
        Assert.Equal(MessageFlags.Ephemeral, action.Message!.Flags);
    }

    [Fact]
    public void AnInteractionPastItsTokensLifetimeOrNoInteractionAtAllGetsNothing()
    {
        Assert.Null(FailureApology.For(Event(InteractionType.ApplicationCommand, Now.AddMinutes(-16)), Now));
        Assert.Null(FailureApology.For(Event(InteractionType.ApplicationCommand, Now, BotEventKinds.RoundStart), Now));
        Assert.Null(FailureApology.For(new BotEvent { Id = "x", Kind = BotEventKinds.Interaction, GuildId = "1",
            Interaction = new Interaction("not-a-snowflake", "2", InteractionType.ApplicationCommand, "t", null, GuildId: "1") }, Now));
    }
}
