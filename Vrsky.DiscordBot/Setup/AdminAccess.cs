using Vrsky.Discord.Models;

namespace Vrsky.DiscordBot.Setup;

/// <summary>
/// Who may run the admin commands (<c>/frolf-setup</c>, <c>/frolf-reset</c>): members whose permissions in the channel
/// include Administrator or Manage Server (as Discord puts them in the interaction), and members with the bot's Admin role.
/// </summary>
public static class AdminAccess
{
    public const string Refusal = "Only members with the Admin role or the Manage Server permission can do that.";

    public static bool HasServerPermission(GuildMember? member) =>
        (PermissionsFormat.Parse(member?.Permissions) & (GuildPermissions.Administrator | GuildPermissions.ManageGuild)) != 0;

    public static bool IsAdmin(GuildMember? member, string? adminRoleId) =>
        HasServerPermission(member) || (adminRoleId is not null && member?.Roles?.Contains(adminRoleId) == true);
}
