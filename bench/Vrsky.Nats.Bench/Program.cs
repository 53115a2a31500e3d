using System.Diagnostics;
using System.Runtime.InteropServices;
using Vrsky.Nats;
using Vrsky.Nats.Bench;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;

// dotnet run -c Release --project bench/Vrsky.Nats.Bench [-- --msgs 2000000 --rounds 5]
var settings = BenchSettings.Parse(args);
var payload = new ReadOnlyMemory<byte>(Enumerable.Range(0, settings.PayloadBytes).Select(i => (byte)('a' + i % 26)).ToArray());
var total = Stopwatch.StartNew();

Console.WriteLine($"Vrsky.Nats bench: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {RuntimeInformation.ProcessArchitecture}");
Console.WriteLine($"load average before: {LoadAverage()}");
Console.WriteLine($"{settings.Messages:N0} x {settings.PayloadBytes}-byte messages per publish round, {settings.Rounds} rounds (median reported)");

await using var server = await NatsServerLauncher.StartAsync();
await using var pub = new NatsConnection(ClientScenarios.Opts(server.Url, "bench-pub"));
await using var sub = new NatsConnection(ClientScenarios.Opts(server.Url, "bench-sub"));
await pub.ConnectAsync();
await sub.ConnectAsync();
Console.WriteLine($"nats-server {pub.ServerInfo!.Version} on {server.Url}, JetStream file store in a temp dir");

var js = new NatsJSContext(pub);
await js.CreateStreamAsync(new StreamConfig("BENCH", "bench.js.>"));
var kv = await new NatsKVContext(js).CreateStoreAsync(new NatsKVConfig("bench"));

// Warm-up: every path once at a small scale so JIT tiering and pools settle before anything is timed.
Console.Write("warm-up...");
var warm = TimeSpan.FromSeconds(5);
// The publish path gets at least 3 s (tiered JIT with PGO needs two recompilations, slower on busy cores).
var warming = Stopwatch.StartNew();
for (var i = 0; i < 2 || warming.Elapsed < TimeSpan.FromSeconds(3); i++)
{
    await RawSocketPublisher.RunAsync(server.Port, "bench.pub", payload, settings.Messages, warm);
    await ClientScenarios.PublishAsync(pub, "bench.pub", payload, settings.Messages, warm);
}

await ClientScenarios.PubSubAsync(pub, sub, "bench.warm", payload, 50_000, warm);
await ClientScenarios.RequestReplyAsync(pub, sub, "bench.rr", payload, 2_000, warm);
await ClientScenarios.JetStreamAwaitedAsync(js, "bench.js.warm", payload, 500, warm);
await ClientScenarios.JetStreamWindowedAsync(js, "bench.js.warm", payload, 2_000, 256, warm);
await ClientScenarios.KvPutAsync(kv, payload, 256, 500, warm);
await ClientScenarios.KvGetAsync(kv, 256, 500, warm);
Console.WriteLine(" done");

// Publish-only against the ceiling, interleaved round by round so a disturbance hits both alike.
var limit = TimeSpan.FromSeconds(10);
var raw = new List<Measurement>();
var client = new List<Measurement>();
for (var round = 1; round <= settings.Rounds; round++)
{
    raw.Add(await RawSocketPublisher.RunAsync(server.Port, "bench.pub", payload, settings.Messages, limit));
    client.Add(await ClientScenarios.PublishAsync(pub, "bench.pub", payload, settings.Messages, limit));
    Console.WriteLine($"  round {round}: raw {raw[^1].PerSecond,12:N0} msgs/s ({raw[^1].CpuNanosPerOp,4:F0} ns CPU/msg)   Vrsky.Nats {client[^1].PerSecond,12:N0} msgs/s ({client[^1].CpuNanosPerOp,4:F0} ns CPU/msg, {client[^1].AllocatedPerOp:F1} B/msg)   ratio {client[^1].PerSecond / raw[^1].PerSecond:F2}");
}

var ceiling = Median(raw);
var publish = Median(client);
var pubSub = await ClientScenarios.PubSubAsync(pub, sub, "bench.ps", payload, settings.Messages / 2, limit);
var (rr, latencies) = await ClientScenarios.RequestReplyAsync(pub, sub, "bench.rr", payload, settings.Requests, limit);
var jsAwaited = await ClientScenarios.JetStreamAwaitedAsync(js, "bench.js.a", payload, settings.JetStreamAwaited, limit);
var jsWindowed = await ClientScenarios.JetStreamWindowedAsync(js, "bench.js.w", payload, settings.JetStreamWindowed, 256, limit);
var kvPut = await ClientScenarios.KvPutAsync(kv, payload, 1024, settings.KvOps, limit);
var kvGet = await ClientScenarios.KvGetAsync(kv, 1024, settings.KvOps, limit);

Array.Sort(latencies);
var p50 = Micros(Percentile(latencies, 0.50));
var p99 = Micros(Percentile(latencies, 0.99));

Console.WriteLine();
Console.WriteLine($"| {"Scenario",-44} | {"Ops",10} | {"Result",22} | {"Ratio",-30} | {"Alloc/op",9} | {"CPU/op",9} |");
Console.WriteLine($"|{new string('-', 46)}|{new string('-', 12)}|{new string('-', 24)}|{new string('-', 32)}|{new string('-', 11)}|{new string('-', 11)}|");
Row("raw socket, pre-formatted PUB (ceiling)", ceiling, $"{ceiling.PerSecond:N0} msgs/s", "1.00");
Row("Vrsky.Nats publish-only", publish, $"{publish.PerSecond:N0} msgs/s", $"{publish.PerSecond / ceiling.PerSecond:F2} of ceiling (goal 0.80)");
Row("Vrsky.Nats pub+sub, 2 connections", pubSub, $"{pubSub.PerSecond:N0} msgs/s recv", $"{pubSub.PerSecond / ceiling.PerSecond:F2} of ceiling");
Row("request/reply p50, sequential", rr, $"{p50:F0} µs", $"{rr.PerSecond:N0} req/s");
Row("request/reply p99, sequential", rr, $"{p99:F0} µs", $"{p99 / 200:F2} of goal (200 µs)");
Row("JetStream publish, each ack awaited", jsAwaited, $"{jsAwaited.PerSecond:N0} msgs/s", $"{jsAwaited.PerSecond / ceiling.PerSecond:F4} of ceiling");
Row("JetStream publish, windowed (256 in flight)", jsWindowed, $"{jsWindowed.PerSecond:N0} msgs/s", $"{jsWindowed.PerSecond / jsAwaited.PerSecond:F1}x awaited");
Row("KV put (file store)", kvPut, $"{kvPut.PerSecond:N0} ops/s", $"{kvPut.PerSecond / jsAwaited.PerSecond:F2}x JS awaited");
Row("KV get (direct get)", kvGet, $"{kvGet.PerSecond:N0} ops/s", $"{kvGet.PerSecond / rr.PerSecond:F2}x request/reply");
Console.WriteLine();
Console.WriteLine($"load average after: {LoadAverage()}; lock contentions: {Monitor.LockContentionCount}; total {total.Elapsed.TotalSeconds:F0} s");

static void Row(string name, Measurement m, string result, string ratio) =>
    Console.WriteLine($"| {name,-44} | {m.Ops,10:N0} | {result,22} | {ratio,-30} | {m.AllocatedPerOp,7:F0} B | {Cpu(m.CpuNanosPerOp),9} |");

static string Cpu(double nanos) => nanos >= 10_000 ? $"{nanos / 1000:F0} µs" : $"{nanos:F0} ns";

static Measurement Median(List<Measurement> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);

static long Percentile(long[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
