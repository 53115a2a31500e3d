extern alias apphost;

using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Vrsky.Chat.Bench;
using Vrsky.Chat.Tests.Infrastructure;
using Vrsky.Gateway.Auth;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;
using Vrsky.Redis;

// N WebSocket clients on one gateway, in groups of G; messages at a fixed rate; send-to-deliver latency against
// a Ping/Pong round trip on the same sockets (the baseline), and the gateway's memory per 1,000 sockets.
var clients = Arg("--clients", 10_000);
var groupSize = Arg("--group", 10);
var rate = Arg("--rate", 200);
var seconds = Arg("--seconds", 10);

var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
builder.AddPostgres("postgres").AddDatabase("chat");
builder.AddRedis("redis");
builder.AddRabbitMQ("rabbitmq");
await using var app = await builder.BuildAsync();
await app.StartAsync();
foreach (var resource in new[] { "chat", "redis", "rabbitmq" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource);
}

var chatConnection = (await app.GetConnectionStringAsync("chat"))!;
var environment = new Dictionary<string, string>
{
    ["ConnectionStrings__chat"] = chatConnection,
    ["ConnectionStrings__rabbitmq"] = (await app.GetConnectionStringAsync("rabbitmq"))!,
    ["ConnectionStrings__redis"] = (await app.GetConnectionStringAsync("redis"))!,
    ["RateLimits__ConnectsPerMinute"] = "1000",
    ["RateLimits__MessagesPerSecond"] = "1000",
    ["Logging__LogLevel__Default"] = "Warning",
};
await using var gateway = await ServiceProcess.StartAsync("Vrsky.Gateway", environment);
await using var chatService = await ServiceProcess.StartAsync("Vrsky.ChatService", environment);
await using var presence = await ServiceProcess.StartAsync("Vrsky.PresenceService", environment);
var gatewayUri = new Uri($"http://127.0.0.1:{gateway.Port}");

await using var database = NpgsqlDataSource.Create(chatConnection);
await SeedAsync(database, clients, groupSize);
var authOptions = Options.Create(new AuthOptions());
var keys = new SigningKeyStore(database, authOptions);
await keys.StartAsync(CancellationToken.None);
var tokens = new AccessTokens(keys, authOptions, TimeProvider.System);

var idleRss = RssMegabytes(gateway.Pid);
var log = new LatencyLog();
var connected = new BenchClient[clients];
var connectClock = System.Diagnostics.Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
    connected[i] = await BenchClient.ConnectAsync(gatewayUri, tokens.Issue(i + 1, $"bench{i}"), chatId: i / groupSize + 1, log));
var connectSeconds = connectClock.Elapsed.TotalSeconds;

// Every connect queued a presence heartbeat (and an online announcement to the group): let that work drain
// before measuring, so the latency figures are of steady chatting, not of a connect storm.
await using (var redis = new RedisConnection(RedisOpts.FromConnectionString(environment["ConnectionStrings__redis"])))
{
    await Eventually.WaitAsync(async () => (await redis.ExecuteAsync("ZCARD", "presence:online")).Integer >= clients, TimeSpan.FromMinutes(3), "every client online");
}

var settleSeconds = connectClock.Elapsed.TotalSeconds - connectSeconds;
var loadedRss = RssMegabytes(gateway.Pid);

var random = new Random(42);
var messagesSent = 0;
await RunAtRateAsync(rate, TimeSpan.FromSeconds(seconds), async () =>
{
    var sender = connected[random.Next(clients)];
    var reference = Guid.NewGuid().ToString();
    log.Sent(reference);
    await sender.SendAsync($"{{\"type\":\"Ping\",\"ref\":\"{reference}\"}}");
});
var pongs = log.Pongs();

await RunAtRateAsync(rate, TimeSpan.FromSeconds(seconds), async () =>
{
    var sender = connected[random.Next(clients)];
    var uuid = Guid.NewGuid().ToString();
    log.Sent(uuid);
    Interlocked.Increment(ref messagesSent);
    await sender.SendAsync($"{{\"type\":\"SendMessage\",\"uuid\":\"{uuid}\",\"chatId\":{sender.ChatId},\"body\":\"bench\"}}");
});
var expected = messagesSent * (groupSize - 1);
await Eventually.WaitAsync(() => log.Deliveries().Count >= expected, TimeSpan.FromSeconds(30), "deliveries").ContinueWith(_ => { }, TaskScheduler.Default);
var deliveries = log.Deliveries();
var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];

Console.WriteLine($"clients {clients} in groups of {groupSize}: connected in {connectSeconds:F1} s (presence settled {settleSeconds:F1} s later), {log.Closes} closed, errors: {string.Join(", ", log.Errors.Select(e => $"{e.Key}={e.Value}"))}");
Console.WriteLine($"gateway RSS {idleRss:F0} MB idle, {loadedRss:F0} MB with {clients} sockets: {(loadedRss - idleRss) * 1000 / clients:F1} MB per 1,000 sockets ({(loadedRss - idleRss) * 5000 / clients:F0} MB per 5,000; seed target <= 40)");
Console.WriteLine($"baseline Ping->Pong at {rate}/s: {pongs.Count} samples, p50 {pongs.P50:F1} ms, p99 {pongs.P99:F1} ms");
Console.WriteLine($"send->deliver at {rate} msgs/s x {groupSize - 1} recipients: {deliveries.Count}/{expected} delivered, p50 {deliveries.P50:F1} ms, p99 {deliveries.P99:F1} ms (seed target p99 < 200 ms); ratio p99/baseline p99 {deliveries.P99 / pongs.P99:F1}");
Console.WriteLine($"load average {loadAverage} on {Environment.ProcessorCount} cores");

await Parallel.ForEachAsync(connected, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.CloseAsync());
await app.StopAsync();

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static double RssMegabytes(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

// Users 1..N (bench0..), chats 1..N/G of G consecutive users each; ids line up because the database is fresh.
static async Task SeedAsync(NpgsqlDataSource database, int clients, int groupSize)
{
    await using var command = database.CreateCommand(
        """
        INSERT INTO users (username, password_hash) SELECT 'bench' || (i - 1), 'none' FROM generate_series(1, @n) i;
        INSERT INTO chats (kind, title) SELECT 'group', 'bench ' || c FROM generate_series(1, (@n + @g - 1) / @g) c;
        INSERT INTO chat_members (chat_id, user_id, role) SELECT (i - 1) / @g + 1, i, 'member' FROM generate_series(1, @n) i;
        """);
    command.Parameters.AddWithValue("n", clients);
    command.Parameters.AddWithValue("g", groupSize);
    await command.ExecuteNonQueryAsync();
}

static async Task RunAtRateAsync(int perSecond, TimeSpan duration, Func<Task> action)
{
    const int TicksPerSecond = 50;
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TicksPerSecond));
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var done = 0L;
    while (clock.Elapsed < duration && await timer.WaitForNextTickAsync())
    {
        var due = (long)(clock.Elapsed.TotalSeconds * perSecond);
        var batch = new List<Task>();
        for (; done < due; done++)
        {
            batch.Add(action());
        }

        await Task.WhenAll(batch);
    }
}
