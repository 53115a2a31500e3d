using Microsoft.Extensions.Logging;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Modes;

namespace Vrsky.DiscordBot.Setup;

/// <summary>
/// Creates (or finds, when run again) the guild's channels <c>&lt;prefix&gt;-events</c>, <c>-leaderboard</c>, <c>-signup</c>,
/// the roles Player, Editor and Admin, the signup and leaderboard messages (edited, not posted again, while they exist),
/// and the guild's commands (<see cref="CommandRegistration"/>: its own in development; otherwise the gateway registers
/// global ones on READY and setup only clears guild copies left beside them).
/// Run by <c>/frolf-setup</c> in the gateway and by the <c>setup GUILD_ID</c> subcommand.
/// </summary>
public sealed class GuildSetup(IDiscordRestClient rest, CommandRegistration commands, ILogger<GuildSetup> logger)
{
    public const string SignupEmoji = "✅";
    public const string AdminRoleName = "Admin";
    private const string SignupTitle = "Join the frolf league";

    public async Task<GuildConfig> RunAsync(string applicationId, string guildId, string prefix, CancellationToken cancellationToken)
    {
        prefix = NormalizePrefix(prefix);
        var channels = await rest.GetGuildChannelsAsync(guildId, cancellationToken).ConfigureAwait(false);
        async Task<Channel> ChannelAsync(string name, string topic) =>
            channels.FirstOrDefault(c => c.Name == name) ?? await rest.CreateGuildChannelAsync(guildId, new ChannelCreate(name, Topic: topic), cancellationToken).ConfigureAwait(false);

        var events = await ChannelAsync($"{prefix}-events", "Disc golf rounds").ConfigureAwait(false);
        var leaderboard = await ChannelAsync($"{prefix}-leaderboard", "Leaderboard tags").ConfigureAwait(false);
        var signup = await ChannelAsync($"{prefix}-signup", $"React with {SignupEmoji} to play").ConfigureAwait(false);

        var roles = await rest.GetGuildRolesAsync(guildId, cancellationToken).ConfigureAwait(false);
        async Task<Role> RoleAsync(string name, int color) =>
            roles.FirstOrDefault(r => r.Name == name) ?? await rest.CreateGuildRoleAsync(guildId, new RoleCreate(name, color, true), cancellationToken).ConfigureAwait(false);

        var player = await RoleAsync("Player", 0x2ECC71).ConfigureAwait(false);
        var editor = await RoleAsync("Editor", 0x3498DB).ConfigureAwait(false);
        var admin = await RoleAsync(AdminRoleName, 0xE74C3C).ConfigureAwait(false);

        var signupText = new MessageParams { Embeds = [new Embed { Title = SignupTitle, Description = $"React with {SignupEmoji} to get the Player role.", Color = 0x2ECC71 }] };
        var signupMessage = await ReuseAsync(signup.Id, SignupTitle, cancellationToken).ConfigureAwait(false) is { } earlierSignup
            ? await rest.EditMessageAsync(signup.Id, earlierSignup.Id, signupText, cancellationToken).ConfigureAwait(false)
            : await rest.CreateMessageAsync(signup.Id, signupText, cancellationToken).ConfigureAwait(false);
        await rest.CreateReactionAsync(signup.Id, signupMessage.Id, SignupEmoji, cancellationToken).ConfigureAwait(false);
        // An earlier leaderboard message keeps what it shows; the workers edit it whenever tags change.
        var leaderboardMessage = await ReuseAsync(leaderboard.Id, LeaderboardView.Title, cancellationToken).ConfigureAwait(false)
            ?? await rest.CreateMessageAsync(leaderboard.Id, new MessageParams { Embeds = [LeaderboardView.Embed([])] }, cancellationToken).ConfigureAwait(false);

        await commands.RegisterForGuildAsync(applicationId, guildId, cancellationToken).ConfigureAwait(false);
        BotLog.GuildSetUp(logger, guildId, events.Id, leaderboard.Id, signup.Id);
        return new GuildConfig(guildId, prefix, events.Id, leaderboard.Id, signup.Id, signupMessage.Id, leaderboardMessage.Id, player.Id, editor.Id, admin.Id);
    }

    /// <summary>
    /// A message an earlier setup posted in the channel (a bot's, with this embed title, among the latest 50), so running
    /// setup again edits it instead of posting another; none when it was deleted.
    /// </summary>
    private async Task<Message?> ReuseAsync(string channelId, string title, CancellationToken cancellationToken)
    {
        var recent = await rest.GetChannelMessagesAsync(channelId, 50, cancellationToken).ConfigureAwait(false);
        return recent.FirstOrDefault(m => m.Author?.Bot == true && m.Embeds?.FirstOrDefault()?.Title == title);
    }

    /// <summary>Channel names are lowercase with dashes; the prefix is bounded so names stay within Discord's 100 characters.</summary>
    public static string NormalizePrefix(string? prefix)
    {
        var cleaned = new string((prefix ?? "").Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return cleaned.Length == 0 ? "frolf" : cleaned.Length > 40 ? cleaned[..40] : cleaned;
    }
}
