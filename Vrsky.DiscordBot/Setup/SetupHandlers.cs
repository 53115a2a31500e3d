using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Setup;

/// <summary>Worker side of setup: storing what the gateway created, signup by reaction, and /frolf-reset.</summary>
public static class SetupHandlers
{
    public static Task StoreAsync(HandlerContext context, CancellationToken cancellationToken) =>
        GuildConfigStore.SaveAsync(context.Sql.Connection, context.Sql.Transaction, context.Event.Config!, cancellationToken);

    /// <summary>A reaction on the signup message grants the Player role.</summary>
    public static async Task SignupAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var reaction = context.Event.Reaction!;
        if (await context.ConfigAsync(cancellationToken).ConfigureAwait(false) is { } config && reaction.MessageId == config.SignupMessageId)
        {
            context.Actions.Add(new BotAction { Kind = BotActionKinds.AddRole, UserId = reaction.UserId, RoleId = config.PlayerRoleId });
        }
    }

    /// <summary>/frolf-reset: rounds, tags and seasons go; channels, roles and the setup stay. Admins only (the gateway deferred it ephemerally).</summary>
    public static async Task ResetAsync(HandlerContext context, CancellationToken cancellationToken)
    {
        var config = await context.ConfigAsync(cancellationToken).ConfigureAwait(false);
        if (!AdminAccess.IsAdmin(context.Interaction.Member, config?.AdminRoleId))
        {
            context.Reply(AdminAccess.Refusal);
            return;
        }

        foreach (var table in new[] { "rounds", "tags", "seasons" })
        {
            await context.Sql.ExecuteAsync($"delete from {table} where guild_id = $1", cancellationToken, context.GuildId).ConfigureAwait(false);
        }

        context.Reply("Rounds, tags and seasons were reset.");
        await LeaderboardView.RefreshAsync(context, cancellationToken).ConfigureAwait(false);
    }

    public static Embed Configured(GuildConfig config) => new()
    {
        Title = "Frolf is set up",
        Description = $"Rounds: <#{config.EventsChannelId}>\nLeaderboard: <#{config.LeaderboardChannelId}>\nSignup: <#{config.SignupChannelId}>",
        Color = 0x2ECC71,
    };
}
