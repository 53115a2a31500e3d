extern alias apphost;

using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.Chat.Bench;
using Vrsky.Gateway.Auth;
using Vrsky.Hosting;
using Vrsky.Hosting.Testing;
using Vrsky.Redis;

// N WebSocket clients on one gateway, in groups of G; messages at a fixed rate; send-to-deliver latency against
// a Ping/Pong round trip on the same sockets (the baseline), and the gateway's memory per 1,000 sockets.
if (args.Contains("--help"))
{
    Console.WriteLine("""
        Vrsky.Chat.Bench: N WebSocket clients on one gateway (with chat and presence services on real PostgreSQL, RabbitMQ, Redis).
          --clients N   sockets (default 10000)
          --group G     members per chat; every message goes to G-1 others (default 10)
          --rate R      messages (and, first, pings) per second (default 200)
          --seconds S   length of the ping phase and of the message phase (default 10)
          --warmup W    unmeasured messages at the same rate before the message phase (default 3 s)
          --socket-floor N   instead: what N idle WebSockets cost in a bare ASP.NET Core process (no gateway code)
        Prints send->deliver p50/p99 against a Ping->Pong baseline, gateway RSS and managed heap per 1,000 sockets, and
        the gateway's own runtime counters (allocation, GC, lock contention, CPU) per delivered frame, from its /metrics.
        """);
    return;
}

if (args.Contains("--socket-floor"))
{
    await SocketFloor.RunAsync(Arg("--socket-floor", 3000));
    return;
}

var clients = Arg("--clients", 10_000);
var groupSize = Arg("--group", 10);
var rate = Arg("--rate", 200);
var seconds = Arg("--seconds", 10);
var warmUpSeconds = Arg("--warmup", 3);

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

using var metricsHttp = new HttpClient();
var idleRss = RssMegabytes(gateway.Pid);
var idleMetrics = await GatewayMetrics.ScrapeAsync(metricsHttp, gatewayUri);
// Progress on stderr, with the gateway's pid so a profiler can attach to the phase it wants.
Console.Error.WriteLine($"gateway pid {gateway.Pid}: connecting {clients} sockets");
var log = new LatencyLog();
var connected = new BenchClient[clients];
var connectClock = System.Diagnostics.Stopwatch.StartNew();
async Task ConnectAsync(int from, int to) =>
    await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        connected[i] = await BenchClient.ConnectAsync(gatewayUri, tokens.Issue(i + 1, $"bench{i}"), chatId: i / groupSize + 1, log));

// The first sockets also pay once for JIT, pools and caches: the marginal cost is measured from after them.
var warmUp = Math.Min(clients / 2, Math.Max(100, clients / 100));
await ConnectAsync(0, warmUp);
var warmRss = RssMegabytes(gateway.Pid);
await ConnectAsync(warmUp, clients);
var connectSeconds = connectClock.Elapsed.TotalSeconds;

// Every connect queued a presence heartbeat (and an online announcement to the group): let that work drain
// before measuring, so the latency figures are of steady chatting, not of a connect storm.
await using (var redis = new RedisConnection(RedisOpts.FromConnectionString(environment["ConnectionStrings__redis"])))
{
    await Eventually.WaitAsync(async () => (await redis.ExecuteAsync("ZCARD", "presence:online")).Integer >= clients, TimeSpan.FromMinutes(3), "every client online");
}

var settleSeconds = connectClock.Elapsed.TotalSeconds - connectSeconds;
var loadedRss = RssMegabytes(gateway.Pid);
var loadedMetrics = await GatewayMetrics.ScrapeAsync(metricsHttp, gatewayUri);

Console.Error.WriteLine("pings");
var random = new Random(42);
var messagesSent = 0;
var warmUpSent = 0;
await RunAtRateAsync(rate, TimeSpan.FromSeconds(seconds), async () =>
{
    var sender = connected[random.Next(clients)];
    var reference = Guid.NewGuid().ToString();
    log.Sent(reference);
    await sender.SendAsync($"{{\"type\":\"Ping\",\"ref\":\"{reference}\"}}");
});
var pongs = log.Pongs();

// The first messages pay once for JIT tiering and for the gateway's and chat service's connection pools growing:
// an unmeasured warm-up at the same rate (uuids the log does not know) keeps that out of the steady-state figures.
Console.Error.WriteLine("message warm-up");
await RunAtRateAsync(rate, TimeSpan.FromSeconds(warmUpSeconds), () => SendMessageAsync(measured: false));
await Eventually.WaitAsync(async () => await CountStoredAsync(database) >= warmUpSent, TimeSpan.FromMinutes(1), "warm-up messages stored");

Console.Error.WriteLine("messages");
await using var rabbit = await new ConnectionFactory { Uri = new Uri(environment["ConnectionStrings__rabbitmq"]) }.CreateConnectionAsync();
await using var probe = await rabbit.CreateChannelAsync();
using var stopSampling = new CancellationTokenSource();
var backlogSampler = SampleBacklogAsync(probe, stopSampling.Token);
var beforeMessages = await GatewayMetrics.ScrapeAsync(metricsHttp, gatewayUri);
var messagesStart = System.Diagnostics.Stopwatch.GetTimestamp();
await RunAtRateAsync(rate, TimeSpan.FromSeconds(seconds), () => SendMessageAsync(measured: true));
var expected = messagesSent * (groupSize - 1);
await Eventually.WaitAsync(() => log.Deliveries().Count >= expected, TimeSpan.FromSeconds(30), "deliveries").ContinueWith(_ => { }, TaskScheduler.Default);
var deliveries = log.Deliveries();
await stopSampling.CancelAsync();
var backlog = await backlogSampler;
var afterMessages = await GatewayMetrics.ScrapeAsync(metricsHttp, gatewayUri);
var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];

Console.WriteLine($"clients {clients} in groups of {groupSize}: connected in {connectSeconds:F1} s (presence settled {settleSeconds:F1} s later), {log.Closes} closed, errors: {string.Join(", ", log.Errors.Select(e => $"{e.Key}={e.Value}"))}");
var marginalPerThousand = (loadedRss - warmRss) * 1000 / (clients - warmUp);
Console.WriteLine($"gateway RSS {idleRss:F0} MB idle, {warmRss:F0} MB after the first {warmUp} sockets, {loadedRss:F0} MB with {clients}: {marginalPerThousand:F1} MB per 1,000 sockets past the first ({marginalPerThousand * 5:F0} MB per 5,000; seed target <= 40), {(loadedRss - idleRss) * 1000 / clients:F1} MB per 1,000 counting the first");
Console.WriteLine($"baseline Ping->Pong at {rate}/s: {pongs.Count} samples, p50 {pongs.P50:F1} ms, p99 {pongs.P99:F1} ms");
Console.WriteLine($"send->deliver at {rate} msgs/s x {groupSize - 1} recipients after a {warmUpSeconds} s warm-up: {deliveries.Count}/{expected} delivered, p50 {deliveries.P50:F1} ms, p99 {deliveries.P99:F1} ms (seed target p99 < 200 ms); ratio p99/baseline p99 {deliveries.P99 / pongs.P99:F1}");
var confirms = log.Confirms();
var stored = await StoredTimesAsync(database);
var untilStored = log.UntilStored(stored);
var busiestSecond = stored.Count == 0 ? 0 : stored.GroupBy(s => s.StoredAt.ToUnixTimeSeconds()).Max(g => g.Count());
Console.WriteLine($"  the senders' own Delivered (chat service and broker, no fan-out): p50 {confirms.P50:F1} ms, p99 {confirms.P99:F1} ms; of which send->stored (gateway, chat.messages queue, up to the chat service's transaction): p50 {untilStored.P50:F1} ms, p99 {untilStored.P99:F1} ms");
Console.WriteLine($"  chat.messages backlog (ready, sampled every 100 ms): mean {backlog.Mean:F0}, max {backlog.Max}; the chat service stored at most {busiestSecond} messages in one second (offered: {rate}/s)");
Console.WriteLine($"  p99 per second of sending (ms): {string.Join(' ', log.DeliveryP99BySecond(messagesStart).Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))}");
var heapPerSocket = (loadedMetrics.Sum(GatewayMetrics.HeapAfterGc) - idleMetrics.Sum(GatewayMetrics.HeapAfterGc)) / clients;
Console.WriteLine($"gateway managed heap after its last GC: {idleMetrics.Sum(GatewayMetrics.HeapAfterGc) / 1e6:F1} MB idle, {loadedMetrics.Sum(GatewayMetrics.HeapAfterGc) / 1e6:F1} MB loaded ({heapPerSocket / 1e3:F1} KB per socket; gen2 {loadedMetrics.Sum(GatewayMetrics.HeapAfterGc, "gen2") / 1e6:F1} MB, loh {loadedMetrics.Sum(GatewayMetrics.HeapAfterGc, "loh") / 1e6:F1} MB, poh {loadedMetrics.Sum(GatewayMetrics.HeapAfterGc, "poh") / 1e6:F1} MB; GC committed {loadedMetrics.Sum(GatewayMetrics.GcCommitted) / 1e6:F0} MB); connect phase allocated {(loadedMetrics.Sum(GatewayMetrics.Allocated) - idleMetrics.Sum(GatewayMetrics.Allocated)) / clients / 1e3:F1} KB per socket; timers {loadedMetrics.Sum(GatewayMetrics.Timers):F0}");
double During(string name, string label = "") => afterMessages.Sum(name, label) - beforeMessages.Sum(name, label);
var frames = Math.Max(1, deliveries.Count + messagesSent);
Console.WriteLine($"gateway during the message phase, per frame delivered (Message or Delivered): {During(GatewayMetrics.Allocated) / frames:F0} B allocated, {During(GatewayMetrics.CpuSeconds) * 1e6 / frames:F0} us CPU; " +
    $"GCs gen0/1/2 {During(GatewayMetrics.Collections, "gen0"):F0}/{During(GatewayMetrics.Collections, "gen1"):F0}/{During(GatewayMetrics.Collections, "gen2"):F0}, GC pause {During(GatewayMetrics.PauseSeconds) * 1e3:F0} ms, " +
    $"lock contentions {During(GatewayMetrics.LockContentions):F0}, thread-pool threads {afterMessages.Sum(GatewayMetrics.ThreadPoolThreads):F0}");
Console.WriteLine($"load average {loadAverage} on {Environment.ProcessorCount} cores");

await Parallel.ForEachAsync(connected, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.CloseAsync());
await app.StopAsync();

async Task SendMessageAsync(bool measured)
{
    var sender = connected[random.Next(clients)];
    var uuid = Guid.NewGuid().ToString();
    if (measured)
    {
        log.MessageSent(uuid);
        Interlocked.Increment(ref messagesSent);
    }
    else
    {
        Interlocked.Increment(ref warmUpSent);
    }

    await sender.SendAsync($"{{\"type\":\"SendMessage\",\"uuid\":\"{uuid}\",\"chatId\":{sender.ChatId},\"body\":\"bench\"}}");
}

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

// Messages waiting for the chat service: a growing backlog means it, not the gateway, bounds the latency.
static async Task<(double Mean, uint Max)> SampleBacklogAsync(IChannel probe, CancellationToken stop)
{
    var samples = new List<uint>();
    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            samples.Add((await probe.QueueDeclarePassiveAsync(ChatTopology.MessagesQueue, stop)).MessageCount);
        }
    }
    catch (OperationCanceledException)
    {
        // The message phase is over.
    }

    return samples.Count == 0 ? (0, 0) : (samples.Average(s => (double)s), samples.Max());
}

static async Task<long> CountStoredAsync(NpgsqlDataSource database)
{
    await using var command = database.CreateCommand("SELECT count(*) FROM messages");
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task<List<(string Uuid, DateTimeOffset StoredAt)>> StoredTimesAsync(NpgsqlDataSource database)
{
    await using var command = database.CreateCommand("SELECT client_uuid, created_at FROM messages");
    await using var reader = await command.ExecuteReaderAsync();
    var stored = new List<(string Uuid, DateTimeOffset StoredAt)>();
    while (await reader.ReadAsync())
    {
        stored.Add((reader.GetGuid(0).ToString(), reader.GetFieldValue<DateTimeOffset>(1)));
    }

    return stored;
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
