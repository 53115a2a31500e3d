using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vrsky.TokenWorker.Idp;
using Vrsky.TokenWorker.Requests;
using Vrsky.TokenWorker.Tests.Infrastructure;

namespace Vrsky.TokenWorker.Tests.Requests;

[Collection(TokenWorkerCollection.Name)]
public sealed class QueueGroupTests(TokenWorkerFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeWorkersShareTheLoadAndADrainedWorkerLosesNoRequest()
    {
        var subject = fixture.TakeSubject();
        var (clientId, secret) = fixture.TakeClient();
        var workers = new List<WorkerHost>();
        for (var i = 0; i < 3; i++)
        {
            workers.Add(await WorkerHost.StartAsync(fixture, subject, environment: new Dictionary<string, string?> { ["WORKER_NAME_SUFFIX"] = $"w{i}" },
                configure: b => b.Services.AddKeyedSingleton<HttpMessageHandler>(IdpClient.HttpHandlerKey, new SlowIdpHandler(TimeSpan.FromMilliseconds(30)))));
        }

        await using var client = new TokenClient(fixture.Nats.Url);
        try
        {
            // Every request has its own audience, so each is a cache miss that is in flight at the IdP for a while.
            var sent = 0;
            var stop = new CancellationTokenSource();
            var errors = new List<string>();
            async Task<List<JsonObject>> SenderAsync()
            {
                var replies = new List<JsonObject>();
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref sent);
                    try
                    {
                        replies.Add(await client.RequestAsync(subject, TokenClient.Request(clientId, secret, audience: $"api://{n}", requestId: $"r{n}"), TimeSpan.FromSeconds(10)));
                    }
                    catch (Exception e)
                    {
                        lock (errors)
                        {
                            errors.Add($"r{n}: {e.GetType().Name} {e.Message}");
                        }
                    }
                }

                return replies;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var senders = Enumerable.Range(0, 24).Select(_ => Task.Run(SenderAsync)).ToList();
            await Eventually.WaitAsync(() => workers.All(w => w.Answered >= 20), TimeSpan.FromSeconds(20), "every worker answers a share of the requests");

            output.WriteLine($"{watch.Elapsed} shared: {string.Join(", ", workers.Select(w => w.Answered))}");
            // Drain one worker in the middle of the traffic, as SIGTERM would.
            var drained = workers[0];
            var listener = drained.App.Services.GetRequiredService<TokenRequestListener>();
            await Eventually.WaitAsync(() => listener.InFlight >= 3, TimeSpan.FromSeconds(10), "requests in flight at the worker about to drain");
            var inFlight = listener.InFlight;
            await drained.StopAsync();
            var answeredByDrained = drained.Answered;
            output.WriteLine($"{watch.Elapsed} drained: {string.Join(", ", workers.Select(w => w.Answered))}");
            var othersBefore = workers[1].Answered + workers[2].Answered;
            await Eventually.WaitAsync(() => workers[1].Answered + workers[2].Answered >= othersBefore + 100, TimeSpan.FromSeconds(20), "the others take over");
            output.WriteLine($"{watch.Elapsed} taken over: {string.Join(", ", workers.Select(w => w.Answered))}");
            await stop.CancelAsync();
            var replies = (await Task.WhenAll(senders)).SelectMany(r => r).ToList();
            output.WriteLine($"{watch.Elapsed} senders done: {replies.Count} replies, {errors.Count} errors");

            Assert.True(inFlight > 0, "the drained worker had requests in flight");
            Assert.Empty(errors);
            Assert.Equal(sent, replies.Count);
            Assert.All(replies, r => Assert.True(r.ContainsKey("access_token"), r.ToJsonString()));
            Assert.Equal(replies.Count, replies.Select(r => (string?)r["request_id"]).Distinct().Count());
            Assert.Equal(answeredByDrained, drained.Answered); // it took nothing after the drain
            Assert.Equal(replies.Count, workers.Sum(w => w.Answered));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
