extern alias apphost;

using Npgsql;
using Vrsky.DiscordEmulator;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;

namespace Vrsky.DiscordBot.Tests.Infrastructure;

/// <summary>Real nats-server (JetStream) and PostgreSQL from the app model, and a Discord emulator on a real socket.</summary>
public sealed class BotFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public string NatsUrl { get; private set; } = "";

    public string DatabaseConnectionString { get; private set; } = "";

    public NpgsqlDataSource Database { get; private set; } = null!;

    public DiscordEmulator.DiscordEmulator Emulator { get; private set; } = null!;

    /// <summary>The league flow's guild.</summary>
    public string GuildId => Emulator.Options.GuildIds[0];

    /// <summary>A second guild for the admin-command tests, so their setup never adds to the league guild's channels.</summary>
    public string AdminGuildId => Emulator.Options.GuildIds[1];

    /// <summary>Guilds of their own for the scheduler, season and standalone tests: the database is shared and keyed by guild.</summary>
    public string SchedulerGuildId => Emulator.Options.GuildIds[2];

    public string SeasonGuildId => Emulator.Options.GuildIds[3];

    public string StandaloneGuildId => Emulator.Options.GuildIds[4];

    public string SignupGuildId => Emulator.Options.GuildIds[5];

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
        builder.AddNats("nats").WithJetStream();
        builder.AddPostgres("postgres").AddDatabase("frolf");
        _app = await builder.BuildAsync();
        await _app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("nats", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("frolf", timeout.Token);
        NatsUrl = (await _app.GetConnectionStringAsync("nats"))!;
        DatabaseConnectionString = (await _app.GetConnectionStringAsync("frolf"))!;
        Database = NpgsqlDataSource.Create(DatabaseConnectionString);
        Emulator = await DiscordEmulator.DiscordEmulator.StartAsync(new EmulatorOptions { GuildIds = ["800000000000000001", "800000000000000002", "800000000000000003", "800000000000000004", "800000000000000005", "800000000000000006"] });
    }

    /// <summary>What a bot process needs, for one ENVIRONMENT.</summary>
    public Dictionary<string, string> Environment(string mode, string environment, string? token = null) => new()
    {
        ["BOT_MODE"] = mode,
        ["ENVIRONMENT"] = environment,
        ["ConnectionStrings__nats"] = NatsUrl,
        ["ConnectionStrings__frolf"] = DatabaseConnectionString,
        ["DISCORD_TOKEN"] = token ?? Emulator.Options.Token,
        ["DISCORD_APP_ID"] = Emulator.Options.ApplicationId,
        ["DISCORD_API_URL"] = Emulator.ApiBaseUrl.AbsoluteUri,
        ["DISCORD_GATEWAY_URL"] = Emulator.GatewayUrl.AbsoluteUri,
        ["DISCORD_GUILD_ID"] = GuildId,
        ["BOT_ACK_WAIT"] = "2",
        ["BOT_SCHEDULER_INTERVAL"] = "1",
    };

    public async Task DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BotCollection : ICollectionFixture<BotFixture>
{
    public const string Name = "bot";
}
