namespace Vrsky.Discord.Models;

public sealed record User(string Id, string Username, string? GlobalName = null, bool? Bot = null);

public sealed record GuildMember(User? User = null, IReadOnlyList<string>? Roles = null, string? Nick = null);

/// <summary>A guild as READY (unavailable stubs), GUILD_CREATE and GUILD_DELETE carry it.</summary>
public sealed record Guild(string Id, string? Name = null, bool? Unavailable = null);
