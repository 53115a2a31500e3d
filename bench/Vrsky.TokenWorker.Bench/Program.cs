using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vrsky.Nats;
using Vrsky.TokenWorker;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Requests;
using Vrsky.TokenWorker.Tests.Infrastructure;

// dotnet run -c Release --project bench/Vrsky.TokenWorker.Bench [-- --warm 20000 --cold 2000 --concurrency 64]
// Requests/s through NATS with a warm cache and a cold cache (every request reaches the IdP), the warm one against a plain
// NATS request/reply echo and the cold one against direct HTTP calls to the IdP, measured in the same run at the same concurrency; then IdP calls per 10,000 requests for 10 clients.
var warmRequests = Arg("--warm", 20_000);
var coldRequests = Arg("--cold", 2_000);
var concurrency = Arg("--concurrency", 64);

Console.WriteLine($"Vrsky.TokenWorker bench: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
await using var nats = await NatsServerProcess.StartAsync();
await using var idp = await IdpProcess.StartAsync(clientCount: 30);
var clients = idp.Clients.ToArray();

await using var requester = new NatsConnection(NatsOpts.FromConnectionString(nats.Url) with { Name = "bench requester" });
await requester.ConnectAsync();

// Baseline: a responder that answers every request with a token-sized reply, no work at all.
var echoReply = JsonSerializer.SerializeToUtf8Bytes(new { request_id = "x", access_token = new string('t', 43), token_type = "Bearer", expires_in = 300 });
await using var echoConnection = new NatsConnection(NatsOpts.FromConnectionString(nats.Url) with { Name = "bench echo" });
var echoLoop = Task.Run(async () =>
{
    await foreach (var msg in echoConnection.SubscribeAsync<ReadOnlyMemory<byte>>("bench.echo", "echo"))
    {
        await msg.ReplyAsync(echoReply);
    }
});
await echoConnection.FlushAsync();

await using var worker = await StartWorkerAsync(nats.Url, idp.Url, "bench.token");
byte[] Request(int client, string? audience = null) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
{
    ["request_id"] = Guid.NewGuid().ToString("N"),
    ["client_id"] = clients[client].Key,
    ["client_secret"] = clients[client].Value,
    ["audience"] = audience ?? "",
});

// Warm-up (JIT, connection pools), also fills the cache for clients 0..9.
await DirectIdpAsync(500, concurrency);
await RunAsync("bench.echo", 2_000, concurrency, _ => echoReply);
await RunAsync("bench.token", 2_000, concurrency, i => Request(i % 10));

var echoWarm = await RunAsync("bench.echo", warmRequests, concurrency, _ => echoReply);
var tokenWarm = await RunAsync("bench.token", warmRequests, concurrency, i => Request(i % 10));
Report("warm cache", tokenWarm, echoWarm, warmRequests);

var direct = await DirectIdpAsync(coldRequests, concurrency);
var tokenCold = await RunAsync("bench.token", coldRequests, concurrency, i => Request(10 + (i % 10), audience: $"api://bench/{i}"));
Console.WriteLine($"{"cold cache (IdP per request)",-30} {coldRequests,7:N0} requests x {concurrency} concurrent: token worker {tokenCold.PerSecond,9:N0} req/s, "
    + $"direct HTTP to the IdP {direct.PerSecond,9:N0} req/s, ratio {tokenCold.PerSecond / direct.PerSecond:F2}{(tokenCold.Failures > 0 ? $", {tokenCold.Failures} FAILED" : "")}");

// IdP calls for 10,000 requests spread over 10 clients that have no cached token yet (goal: 10).
await using var fresh = await StartWorkerAsync(nats.Url, idp.Url, "bench.token.fresh");
var before = await IdpCallsAsync(20, 30);
var spread = await RunAsync("bench.token.fresh", 10_000, concurrency, i => Request(20 + (i % 10)));
var calls = await IdpCallsAsync(20, 30) - before;
Console.WriteLine($"10 clients x 1,000 requests (cold start, {concurrency} concurrent): {calls} IdP calls per 10,000 requests (goal 10), {spread.PerSecond:N0} req/s");

await echoConnection.DisposeAsync();
await echoLoop.ContinueWith(_ => { });
return calls == 10 ? 0 : 1;

// Baseline for the cold cache: the same grants posted straight to the token endpoint, no NATS, no worker.
async Task<Measurement> DirectIdpAsync(int count, int parallel)
{
    using var http = new HttpClient();
    var endpoint = $"{idp.Url}{IdpProcess.TokenPath}";
    var next = -1;
    var failures = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var (id, secret) = clients[10 + (i % 10)];
            using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret, ["audience"] = $"api://direct/{i}",
            }));
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }
    })));
    return new Measurement(count / watch.Elapsed.TotalSeconds, failures);
}

async Task<int> IdpCallsAsync(int from, int to)
{
    var total = 0;
    for (var i = from; i < to; i++)
    {
        total += await idp.TokenCallsAsync(clients[i].Key);
    }

    return total;
}

async Task<Measurement> RunAsync(string subject, int count, int parallel, Func<int, byte[]> payload)
{
    var next = -1;
    var failures = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var reply = await requester.RequestAsync<byte[], byte[]>(subject, payload(i), opts: new NatsRequestOpts { Timeout = TimeSpan.FromSeconds(30) });
            if (reply.Data is null || reply.Data.AsSpan().IndexOf("access_token"u8) < 0)
            {
                Interlocked.Increment(ref failures);
            }
        }
    })));
    return new Measurement(count / watch.Elapsed.TotalSeconds, failures);
}

void Report(string name, Measurement token, Measurement echo, int count) =>
    Console.WriteLine($"{name,-30} {count,7:N0} requests x {concurrency} concurrent: token worker {token.PerSecond,9:N0} req/s, "
        + $"NATS echo baseline {echo.PerSecond,9:N0} req/s, ratio {token.PerSecond / echo.PerSecond:F2}{(token.Failures > 0 ? $", {token.Failures} FAILED" : "")}");

static async Task<Worker> StartWorkerAsync(string natsUrl, string idpUrl, string subject)
{
    var loaded = TokenWorkerConfiguration.Load(["-max-concurrency", "256", "-log-level", "warn"],
        new Dictionary<string, string?> { ["NATS_URL"] = natsUrl, ["IDP_URL"] = idpUrl, ["TOKEN_SUBJECT"] = subject });
    var app = TokenWorkerApp.Build(loaded.Options!, ["--urls", "http://127.0.0.1:0"], b => b.Logging.ClearProviders());
    await app.StartAsync();
    await app.Services.GetRequiredService<TokenRequestListener>().Subscribed;
    return new Worker(app);
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}

internal sealed record Measurement(double PerSecond, int Failures);

internal sealed class Worker(Microsoft.AspNetCore.Builder.WebApplication app) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
