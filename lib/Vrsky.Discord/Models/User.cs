namespace Vrsky.Discord.Models;

public sealed record User(string Id, string Username, string? GlobalName = null, bool? Bot = null);

/// <summary>A guild member; <see cref="Permissions"/> (decimal bitfield, see <see cref="PermissionsFormat"/>) comes only with interactions.</summary>
public sealed record GuildMember(User? User = null, IReadOnlyList<string>? Roles = null, string? Nick = null, string? Permissions = null);

/// <summary>A guild as READY (unavailable stubs), GUILD_CREATE and GUILD_DELETE carry it.</summary>
public sealed record Guild(string Id, string? Name = null, bool? Unavailable = null);
