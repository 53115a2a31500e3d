using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Tests.Setup;

public sealed class AdminAccessTests
{
    private const string AdminRole = "810000000000000001";
    private const string PlayerRole = "810000000000000002";

    [Theory]
    [InlineData("8", true)] // Administrator
    [InlineData("32", true)] // Manage Server
    [InlineData("2147552328", true)] // everyday permissions plus Administrator
    [InlineData("2147552320", false)] // view, send, history, react, use commands
    [InlineData("0", false)]
    [InlineData("-8", false)]
    [InlineData("8x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ServerPermissionComesFromAdministratorOrManageServer(string? permissions, bool expected)
    {
        Assert.Equal(expected, AdminAccess.HasServerPermission(new GuildMember(Permissions: permissions)));
        Assert.Equal(expected, AdminAccess.IsAdmin(new GuildMember(Roles: [PlayerRole], Permissions: permissions), AdminRole));
    }

    [Fact]
    public void TheAdminRoleGrantsAccessWithoutServerPermission()
    {
        Assert.True(AdminAccess.IsAdmin(new GuildMember(Roles: [PlayerRole, AdminRole], Permissions: "2147552320"), AdminRole));
    }

    [Fact]
    public void WithoutAConfiguredAdminRoleOnlyServerPermissionCounts()
    {
        Assert.False(AdminAccess.IsAdmin(new GuildMember(Roles: [AdminRole], Permissions: "2147552320"), adminRoleId: null));
        Assert.False(AdminAccess.IsAdmin(member: null, AdminRole));
        Assert.True(AdminAccess.IsAdmin(new GuildMember(Permissions: "32"), adminRoleId: null));
    }
}
