namespace Vrsky.Discord.Models;

public static class ChannelTypes
{
    public const int GuildText = 0;
}

public sealed record Channel(string Id, int Type, string? Name = null, string? GuildId = null, string? Topic = null);

public sealed record ChannelCreate(string Name, int Type = ChannelTypes.GuildText, string? Topic = null);

public sealed record Role(string Id, string Name, int? Color = null, bool? Mentionable = null);

public sealed record RoleCreate(string Name, int? Color = null, bool? Mentionable = null);
