using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// The answer to an interaction whose event was dead-lettered: the gateway had deferred it, so without this the user
/// would see "thinking…" forever. It goes out as an ordinary <see cref="BotResponse"/>, so a worker still needs no
/// Discord connection.
/// </summary>
public static class FailureApology
{
    public const string Text = "Something went wrong handling this; it has been logged.";

    /// <summary>How long Discord accepts an interaction token; an older interaction cannot be answered any more.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The apology for <paramref name="evt"/>, or null when it is no interaction or its token has expired.</summary>
    public static BotResponse? For(BotEvent evt, DateTimeOffset now)
    {
        if (evt is not { Kind: BotEventKinds.Interaction, Interaction: { } interaction } || Snowflake.CreatedAt(interaction.Id) is not { } created ||
            now - created > TokenLifetime)
        {
            return null;
        }

        return new BotResponse("apology:" + evt.Id, evt.GuildId, interaction.ApplicationId, [Action(interaction, Text)]);
    }

    /// <summary>
    /// How a deferred interaction is apologised to. After a deferred update (Join/Leave) the original response is the
    /// round's message itself, so the apology goes to the presser alone; everything else was deferred as a reply of its
    /// own, which the apology replaces.
    /// </summary>
    public static BotAction Action(Interaction interaction, string text)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction.Type == InteractionType.MessageComponent
            ? new BotAction { Kind = BotActionKinds.Followup, InteractionToken = interaction.Token, Message = new MessageParams { Content = text, Flags = MessageFlags.Ephemeral } }
            : new BotAction { Kind = BotActionKinds.EditOriginal, InteractionToken = interaction.Token, Message = new MessageParams { Content = text } };
    }
}
