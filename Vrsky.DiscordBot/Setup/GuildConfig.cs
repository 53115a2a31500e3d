namespace Vrsky.DiscordBot.Setup;

/// <summary>What guild setup created: the bot's channels, roles and the messages it keeps editing.</summary>
public sealed record GuildConfig(
    string GuildId,
    string Prefix,
    string EventsChannelId,
    string LeaderboardChannelId,
    string SignupChannelId,
    string SignupMessageId,
    string LeaderboardMessageId,
    string PlayerRoleId,
    string EditorRoleId,
    string AdminRoleId);
