using System.Text.RegularExpressions;
using Npgsql;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;

namespace Vrsky.Chat.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL, RabbitMQ and Redis plus two gateway replicas from the app model (as the AppHost wires them),
/// and a chat service and presence service the tests run themselves so they can kill and restart them.
/// </summary>
public sealed partial class ChatFixture : IAsyncLifetime
{
    /// <summary>Presence lapses fast here so a test can watch a heartbeat run out.</summary>
    public static readonly TimeSpan PresenceTtl = TimeSpan.FromSeconds(3);

    /// <summary>The chat and presence services' database sessions carry this name, so a test can end theirs alone.</summary>
    public const string WorkerApplicationName = "vrsky-chat-workers";

    /// <summary>Above any other test's Subscribe/Typing/Read frames per user, low enough to reach in a test.</summary>
    public const int FramesPerMinute = 600;

    private DistributedApplication? _app;
    private Dictionary<string, string> _serviceEnvironment = [];

    public DistributedApplication App => _app!;

    public ServiceProcess ChatService { get; private set; } = null!;

    public ServiceProcess PresenceService { get; private set; } = null!;

    /// <summary>Each gateway replica's own address (the shared endpoint round-robins per connection).</summary>
    public IReadOnlyList<Uri> Replicas { get; private set; } = [];

    public Uri Gateway => App.GetEndpoint("gateway");

    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        var chatDb = builder.AddPostgres("postgres").AddDatabase("chat");
        var redis = builder.AddRedis("redis");
        var rabbit = builder.AddRabbitMQ("rabbitmq");
        builder.AddProject("gateway", "../Vrsky.Gateway/Vrsky.Gateway.csproj")
            .WithReference(chatDb).WithReference(rabbit).WithReference(redis)
            .WaitFor(chatDb).WaitFor(rabbit).WaitFor(redis)
            .WithHttpEndpoint(name: "http")
            .WithReplicas(2)
            .WithEnvironment("RateLimits__MessagesPerSecond", "1000")
            .WithEnvironment("RateLimits__FramesPerMinute", FramesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RateLimits__ConnectsPerMinute", "1000")
            .WithEnvironment("RateLimits__RegistrationsPerMinute", "1000");

        _app = await builder.BuildAsync();
        await _app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);

        var chatConnection = (await _app.GetConnectionStringAsync("chat"))!;
        Database = NpgsqlDataSource.Create(chatConnection);
        _serviceEnvironment = new()
        {
            ["ConnectionStrings__chat"] = $"{chatConnection};Application Name={WorkerApplicationName}",
            ["ConnectionStrings__rabbitmq"] = (await _app.GetConnectionStringAsync("rabbitmq"))!,
            ["ConnectionStrings__redis"] = (await _app.GetConnectionStringAsync("redis"))!,
            ["Presence__Ttl"] = PresenceTtl.ToString(),
            ["Presence__SweepInterval"] = "00:00:00.200",
        };
        var chatService = StartChatServiceAsync();
        PresenceService = await StartPresenceServiceAsync();
        ChatService = await chatService;
        Replicas = ReplicaUrls();
    }

    public Task<ServiceProcess> StartChatServiceAsync() => ServiceProcess.StartAsync("Vrsky.ChatService", _serviceEnvironment);

    public Task<ServiceProcess> StartPresenceServiceAsync() => ServiceProcess.StartAsync("Vrsky.PresenceService", _serviceEnvironment);

    public async Task RestartChatServiceAsync(Func<Task> whileDown)
    {
        await ChatService.KillAsync();
        await whileDown();
        ChatService = await StartChatServiceAsync();
    }

    public async Task RestartPresenceServiceAsync(Func<Task> whileDown)
    {
        await PresenceService.KillAsync();
        await whileDown();
        PresenceService = await StartPresenceServiceAsync();
    }

    private List<Uri> ReplicaUrls()
    {
        var urls = App.ResourceLogs.GetLines("gateway")
            .Select(l => (l.Replica, Match: ListeningOn().Match(l.Content)))
            .Where(l => l.Match.Success)
            .GroupBy(l => l.Replica)
            .OrderBy(g => g.Key)
            .Select(g => new Uri(g.First().Match.Groups[1].Value))
            .ToList();
        Assert.Equal(2, urls.Count);
        return urls;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (ChatService is not null)
        {
            await ChatService.DisposeAsync();
        }

        if (PresenceService is not null)
        {
            await PresenceService.DisposeAsync();
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

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "chat";
}
