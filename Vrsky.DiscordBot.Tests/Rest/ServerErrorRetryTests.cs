using System.Net;
using Vrsky.Discord;
using Vrsky.Discord.Models;
using Vrsky.Discord.Rest;

namespace Vrsky.DiscordBot.Tests.Rest;

public sealed class ServerErrorRetryTests
{
    [Fact]
    public async Task ServerErrorsWithinTheBoundAreRetriedUntilTheCallSucceeds()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        using var client = new DiscordRestClient(new DiscordOpts { Token = emulator.Options.Token, ApiBaseUrl = emulator.ApiBaseUrl, MaxRestAttempts = 4 });
        var channel = emulator.State.Channels(emulator.Options.GuildIds[0])[0].Id;
        emulator.Faults.FailNext("/channels/{channel_id}/messages", 502, 2);
        emulator.Faults.FailNext("/channels/{channel_id}/messages", 503, 1);

        var message = await client.CreateMessageAsync(channel, new MessageParams { Content = "after three failures" });

        Assert.Equal(3, emulator.Faults.Answered);
        Assert.Equal("after three failures", emulator.State.Message(message.Id)!.Message.Content);
        Assert.Single(emulator.State.Messages(channel));
    }

    [Fact]
    public async Task ServerErrorsBeyondTheBoundFailWithTheStatus()
    {
        await using var emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        using var client = new DiscordRestClient(new DiscordOpts { Token = emulator.Options.Token, ApiBaseUrl = emulator.ApiBaseUrl, MaxRestAttempts = 3 });
        var guild = emulator.Options.GuildIds[0];
        emulator.Faults.FailNext("/guilds/{guild_id}/roles", 503, 10);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.GetGuildRolesAsync(guild));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("GET /guilds/{guild_id}/roles", error.Route);
        Assert.Contains("failed with 503", error.Message);
        Assert.Contains("after 3 attempts", error.Message);
        // Exactly the bound: three attempts, the other forced errors are left unused.
        Assert.Equal(3, emulator.Faults.Answered);
    }
}
