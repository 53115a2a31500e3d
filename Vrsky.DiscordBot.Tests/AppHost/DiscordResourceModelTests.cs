extern alias apphost;

using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Testing;

namespace Vrsky.DiscordBot.Tests.AppHost;

/// <summary>
/// The AppHost's Discord wiring in run mode, read from its application model without starting anything: the emulator
/// resource by default, Discord itself once a <c>discord-token</c> parameter is set.
/// </summary>
public sealed class DiscordResourceModelTests
{
    private static readonly string[] EmulatorSettings = ["DISCORD_API_URL", "DISCORD_GATEWAY_URL"];

    [Fact]
    public async Task WithATokenTheBotTalksToDiscordAndNoEmulatorIsStarted()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>(["--Parameters:discord-token=a-real-token"]);

        Assert.True(builder.ExecutionContext.IsRunMode);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "discord");
        var gateway = Environment(builder, "discordbot");
        Assert.Contains("DISCORD_TOKEN", gateway.Keys);
        Assert.IsType<ParameterResource>(gateway["DISCORD_TOKEN"]);
        foreach (var bot in new[] { gateway, Environment(builder, "discordbot-worker") })
        {
            Assert.DoesNotContain(bot.Keys, EmulatorSettings.Contains);
            // Commands go to Discord's global scope; a guild id only ever comes from the developer's own settings.
            Assert.DoesNotContain("DISCORD_GUILD_ID", bot.Keys);
        }

        Assert.DoesNotContain(builder.Resources.Single(r => r.Name == "discordbot").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "discord");
    }

    [Fact]
    public async Task WithoutATokenTheBotTalksToTheEmulatorResource()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>();

        Assert.Contains(builder.Resources, r => r.Name == "discord");
        var gateway = Environment(builder, "discordbot");
        Assert.All(EmulatorSettings, name => Assert.Contains(name, gateway.Keys));
        Assert.Equal("local-emulator-token", gateway["DISCORD_TOKEN"]);
        Assert.Contains(builder.Resources.Single(r => r.Name == "discordbot").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "discord");
    }

    /// <summary>The variables a resource's environment callbacks set, as the orchestrator would compute them (values unresolved).</summary>
    private static Dictionary<string, object> Environment(IDistributedApplicationTestingBuilder builder, string resource)
    {
        var context = new EnvironmentCallbackContext(builder.ExecutionContext);
        foreach (var callback in builder.Resources.Single(r => r.Name == resource).Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }
}
