using System.Text.Json;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>
/// A handler given a slash command whose input must be refused before any SQL: the context has no database, so a
/// handler that got as far as a query would fail the test.
/// </summary>
public static class HandlerInput
{
    public static HandlerContext Command(string name, params CommandOptionValue[] options) =>
        new(new Sql(null!, null!), new BotEvent
        {
            Id = "interaction:1",
            Kind = BotEventKinds.Interaction,
            GuildId = "100",
            Interaction = new Interaction("1", "2", InteractionType.ApplicationCommand, "token", new InteractionData(Name: name, Options: options), GuildId: "100",
                Member: new GuildMember(new User("700000000000000001", "alice"))),
        });

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The one thing the handler did: edit the deferred response into this text.</summary>
    public static string Reply(HandlerContext context) =>
        Assert.Single(context.Actions, a => a.Kind == BotActionKinds.EditOriginal).Message!.Content!;
}
