using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;

namespace Vrsky.DiscordBot.Tests.Commands;

/// <summary>
/// Commands live in one scope only (Discord lists a command registered globally and in a guild twice there): global
/// without DISCORD_GUILD_ID, guild commands with it. The emulator keeps global and guild commands apart, as Discord does.
/// </summary>
public sealed class CommandScopeTests : IAsyncLifetime
{
    private DiscordEmulator.DiscordEmulator _emulator = null!;
    private DiscordRestClient _rest = null!;

    private string Guild => _emulator.Options.GuildIds[0];

    private string AppId => _emulator.Options.ApplicationId;

    public async Task InitializeAsync()
    {
        _emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        _rest = new DiscordRestClient(new DiscordOpts { Token = _emulator.Options.Token, ApiBaseUrl = _emulator.ApiBaseUrl });
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task WithoutADevelopmentGuildReadyAndSetupRegisterGlobalCommandsOnly()
    {
        var commands = Registration(guildId: null);

        await commands.RegisterAsync(AppId, CancellationToken.None);
        var atReady = _emulator.State.GlobalCommands.Select(c => c.Id).ToList();
        await Setup(commands).RunAsync(AppId, Guild, "frolf", CancellationToken.None);

        Assert.Equal(BotCommands.All.Select(c => c.Name).Order(), _emulator.State.GlobalCommands.Select(c => c.Name).Order());
        Assert.Empty(_emulator.State.Commands(Guild));
        // Setup leaves READY's global commands alone (an overwrite, rate limited globally, would give them new ids).
        Assert.Equal(atReady, _emulator.State.GlobalCommands.Select(c => c.Id));
    }

    [Fact]
    public async Task SetupClearsGuildCopiesAnEarlierVersionLeftBesideTheGlobalCommands()
    {
        var commands = Registration(guildId: null);
        await commands.RegisterAsync(AppId, CancellationToken.None);
        await _rest.BulkOverwriteGuildCommandsAsync(AppId, Guild, BotCommands.All);
        Assert.NotEmpty(_emulator.State.Commands(Guild));

        await Setup(commands).RunAsync(AppId, Guild, "frolf", CancellationToken.None);

        Assert.Empty(_emulator.State.Commands(Guild));
        Assert.Equal(BotCommands.All.Count, _emulator.State.GlobalCommands.Count);
    }

    [Fact]
    public async Task WithADevelopmentGuildCommandsAreGuildCommandsOnly()
    {
        var commands = Registration(Guild);

        await commands.RegisterAsync(AppId, CancellationToken.None);
        await Setup(commands).RunAsync(AppId, Guild, "frolf", CancellationToken.None);

        Assert.Equal(BotCommands.All.Select(c => c.Name).Order(), _emulator.State.Commands(Guild).Select(c => c.Name).Order());
        Assert.Empty(_emulator.State.GlobalCommands);
    }

    private CommandRegistration Registration(string? guildId) =>
        new(_rest, new BotOptions { GuildId = guildId }, NullLogger<CommandRegistration>.Instance);

    private GuildSetup Setup(CommandRegistration commands) => new(_rest, commands, NullLogger<GuildSetup>.Instance);
}
