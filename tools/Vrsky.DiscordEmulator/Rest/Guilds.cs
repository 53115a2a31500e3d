using Vrsky.Discord.Models;

namespace Vrsky.DiscordEmulator.Rest;

/// <summary>Guild channels, roles, member roles, commands and scheduled events.</summary>
internal static class Guilds
{
    public static IResult GetChannels(DiscordEmulator emulator, string guildId) =>
        emulator.State.WithGuild(guildId, g => g is null ? DiscordErrors.UnknownGuild() : RestApi.Json(g.Channels.ToList()));

    public static IResult CreateChannel(DiscordEmulator emulator, string guildId, ChannelCreate create)
    {
        if (create.Name is not { Length: >= 1 and <= 100 })
        {
            return DiscordErrors.InvalidBody("name must be 1-100 characters");
        }

        var result = emulator.State.WithGuild(guildId, g =>
        {
            if (g is null)
            {
                return DiscordErrors.UnknownGuild();
            }

            var channel = new Channel(emulator.State.Ids.Next(), create.Type, create.Name, guildId, create.Topic);
            g.Channels.Add(channel);
            return RestApi.Json(channel);
        });
        emulator.NotifyChanged();
        return result;
    }

    public static IResult GetRoles(DiscordEmulator emulator, string guildId) =>
        emulator.State.WithGuild(guildId, g => g is null ? DiscordErrors.UnknownGuild() : RestApi.Json(g.Roles.ToList()));

    public static IResult CreateRole(DiscordEmulator emulator, string guildId, RoleCreate create)
    {
        if (create.Name is not { Length: >= 1 and <= 100 })
        {
            return DiscordErrors.InvalidBody("name must be 1-100 characters");
        }

        var result = emulator.State.WithGuild(guildId, g =>
        {
            if (g is null)
            {
                return DiscordErrors.UnknownGuild();
            }

            var role = new Role(emulator.State.Ids.Next(), create.Name, create.Color, create.Mentionable);
            g.Roles.Add(role);
            return RestApi.Json(role);
        });
        emulator.NotifyChanged();
        return result;
    }

    public static IResult MemberRole(DiscordEmulator emulator, string guildId, string userId, string roleId, bool add)
    {
        var result = emulator.State.WithGuild(guildId, g =>
        {
            if (g is null)
            {
                return DiscordErrors.UnknownGuild();
            }

            if (g.Roles.All(r => r.Id != roleId))
            {
                return DiscordErrors.UnknownRole();
            }

            if (!g.MemberRoles.TryGetValue(userId, out var roles))
            {
                g.MemberRoles[userId] = roles = [];
            }

            if (add)
            {
                roles.Add(roleId);
            }
            else
            {
                roles.Remove(roleId);
            }

            return Results.NoContent();
        });
        emulator.NotifyChanged();
        return result;
    }

    public static IResult OverwriteCommands(DiscordEmulator emulator, string guildId, List<ApplicationCommand> commands)
    {
        if (Validate(commands) is { } invalid)
        {
            return invalid;
        }

        var registered = commands.Select(c => c with { Id = emulator.State.Ids.Next() }).ToList();
        var result = emulator.State.WithGuild(guildId, g =>
        {
            if (g is null)
            {
                return DiscordErrors.UnknownGuild();
            }

            g.Commands.Clear();
            g.Commands.AddRange(registered);
            return RestApi.Json(registered);
        });
        emulator.NotifyChanged();
        return result;
    }

    public static IResult OverwriteGlobalCommands(DiscordEmulator emulator, List<ApplicationCommand> commands)
    {
        if (Validate(commands) is { } invalid)
        {
            return invalid;
        }

        var registered = commands.Select(c => c with { Id = emulator.State.Ids.Next() }).ToList();
        emulator.State.SetGlobalCommands(registered);
        return RestApi.Json(registered);
    }

    private static IResult? Validate(List<ApplicationCommand> commands) =>
        commands.Count > 100 || commands.Any(c => c.Name is not { Length: >= 1 and <= 32 } || c.Name != c.Name.ToLowerInvariant() || c.Description is not { Length: >= 1 and <= 100 })
            ? DiscordErrors.InvalidBody("at most 100 commands, names 1-32 lowercase characters, descriptions 1-100 characters")
            : null;

    public static async Task<IResult> CreateScheduledEvent(DiscordEmulator emulator, string guildId, GuildScheduledEventCreate create)
    {
        if (create.Name is not { Length: >= 1 and <= 100 } || create.EntityType != ScheduledEventEntityTypes.External ||
            create.EntityMetadata?.Location is not { Length: >= 1 and <= 100 } || create.ScheduledEndTime <= create.ScheduledStartTime)
        {
            return DiscordErrors.InvalidBody("external events need a name, a location (1-100 characters) and an end after the start");
        }

        var created = new GuildScheduledEvent(emulator.State.Ids.Next(), guildId, create.Name, create.ScheduledStartTime, ScheduledEventStatus.Scheduled,
            create.EntityType, create.Description, create.ScheduledEndTime, create.EntityMetadata, create.PrivacyLevel);
        var exists = emulator.State.WithGuild(guildId, g =>
        {
            g?.ScheduledEvents.Add(created.Id, created);
            return g is not null;
        });
        if (!exists)
        {
            return DiscordErrors.UnknownGuild();
        }

        await emulator.Gateway.DispatchAsync("GUILD_SCHEDULED_EVENT_CREATE", created).ConfigureAwait(false);
        emulator.NotifyChanged();
        return RestApi.Json(created);
    }

    public static async Task<IResult> ModifyScheduledEvent(DiscordEmulator emulator, string guildId, string eventId, GuildScheduledEventModify change)
    {
        var updated = emulator.State.WithGuild(guildId, g =>
        {
            if (g?.ScheduledEvents.GetValueOrDefault(eventId) is not { } current)
            {
                return null;
            }

            var next = current with { Status = change.Status ?? current.Status, Name = change.Name ?? current.Name, Description = change.Description ?? current.Description };
            g.ScheduledEvents[eventId] = next;
            return next;
        });
        if (updated is null)
        {
            return DiscordErrors.InvalidBody("unknown scheduled event");
        }

        await emulator.Gateway.DispatchAsync("GUILD_SCHEDULED_EVENT_UPDATE", updated).ConfigureAwait(false);
        emulator.NotifyChanged();
        return RestApi.Json(updated);
    }
}
