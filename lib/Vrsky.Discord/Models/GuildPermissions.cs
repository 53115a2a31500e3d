using System.Globalization;

namespace Vrsky.Discord.Models;

/// <summary>The permission bits (API v10) the bot and the emulator look at; Discord sends them as a decimal string.</summary>
[Flags]
public enum GuildPermissions : ulong
{
    None = 0,
    Administrator = 1UL << 3,
    ManageGuild = 1UL << 5,
    AddReactions = 1UL << 6,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    ReadMessageHistory = 1UL << 16,
    UseApplicationCommands = 1UL << 31,
}

public static class PermissionsFormat
{
    /// <summary>A member's <c>permissions</c> string; absent or malformed means none, so a bad value never grants anything.</summary>
    public static GuildPermissions Parse(string? value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? (GuildPermissions)bits : GuildPermissions.None;

    public static string Format(GuildPermissions permissions) => ((ulong)permissions).ToString(CultureInfo.InvariantCulture);
}
