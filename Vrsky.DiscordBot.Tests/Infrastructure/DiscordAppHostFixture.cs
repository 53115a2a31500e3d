extern alias apphost;

using Npgsql;
using Vrsky.DiscordEmulator.Control;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>
/// The real AppHost (all 16 resources, as <c>scripts/run-apphost.sh</c> starts them) with its <c>discord</c> emulator
/// resource, once for the tests of its collection; only the bot's resources are awaited.
/// </summary>
public sealed class DiscordAppHostFixture : IAsyncLifetime
{
    private HttpClient? _http;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The AppHost's emulator guild (Vrsky.AppHost/Extensions.cs, WithDiscord).</summary>
    public string GuildId => "800000000000000001";

    public ControlClient Discord { get; private set; } = null!;

    /// <summary>The AppHost's <c>frolf</c> database, to wait for what the workers stored before a user acts on it.</summary>
    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<apphost::Program>();
        App = await builder.BuildAsync();
        await App.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var name in new[] { "discord", "discordbot", "discordbot-worker" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
        }

        _http = new HttpClient { BaseAddress = App.GetEndpoint("discord"), Timeout = TimeSpan.FromSeconds(10) };
        Discord = new ControlClient(_http);
        Database = NpgsqlDataSource.Create((await App.GetConnectionStringAsync("frolf", deadline.Token))!);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>Not run beside the other collections: the AppHost's 16 resources already fill a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiscordAppHostCollection : ICollectionFixture<DiscordAppHostFixture>
{
    public const string Name = "discord apphost";
}
