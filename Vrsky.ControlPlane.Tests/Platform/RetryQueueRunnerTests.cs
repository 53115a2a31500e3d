using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Platform;
using Vrsky.ControlPlane.Tests.Infrastructure;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.KeyValue;

namespace Vrsky.ControlPlane.Tests.Platform;

/// <summary>
/// Two worker "processes" on the real platform NATS, each with its own connection: A runs the life cycle and dies
/// between attempts; B hosts the retry-queue runner, which continues what A left behind (and only that).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RetryQueueRunnerTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static PlatformOptions Options(int scanBatch = 1000) => new()
    {
        LockTtl = ControlPlaneFixture.LockTtl,
        RetryBaseDelay = TimeSpan.FromSeconds(3),
        RetryTakeoverAfter = TimeSpan.FromSeconds(2),
        RetryScanInterval = TimeSpan.FromMilliseconds(200),
        RetryScanBatch = scanBatch,
    };

    [Fact]
    public async Task RetryOfAProcessThatDiedIsCompletedByAnotherProcesssRunner()
    {
        var message = NewMessage();
        var attemptsInA = 0;
        using var killA = new CancellationTokenSource();
        var natsA = fixture.PlatformNats();
        var lifecycleA = new MessageLifecycle(new PlatformStores(natsA), Microsoft.Extensions.Options.Options.Create(Options()), TimeProvider.System);
        var processA = lifecycleA.ProcessAsync(message, (_, _) =>
        {
            Interlocked.Increment(ref attemptsInA);
            throw new InvalidOperationException("downstream refused");
        }, killA.Token);
        await Eventually.WaitAsync(async () => (await StateAsync(message))?.State == MessageStates.Retry, Timeout, "attempt 1 failed, retry scheduled");

        // A dies while it waits for its retry.
        await killA.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processA);
        await natsA.DisposeAsync();

        var handlerB = new RecordingHandler();
        using var processB = await StartWorkerAsync(handlerB);
        await Eventually.WaitAsync(async () => (await StateAsync(message))?.State == MessageStates.Completed, Timeout, "B completed the message");

        Assert.Equal(2, (await StateAsync(message))!.Attempts);
        Assert.Equal(1, attemptsInA);
        Assert.Equal(1, handlerB.Count(message));
        Assert.False((await RetryEntryAsync(message)).Success);
        await processB.StopAsync();
    }

    [Fact]
    public async Task RunnerLeavesARetryToItsLiveProcess()
    {
        var handlerB = new RecordingHandler();
        using var processB = await StartWorkerAsync(handlerB);
        var message = NewMessage();
        var attempts = 0;
        var lifecycleA = fixture.App.Services.GetRequiredService<MessageLifecycle>();

        // The fixture's own life cycle (platform defaults: 1 s before the retry) fails once, then succeeds on time.
        var outcome = await lifecycleA.ProcessAsync(message, (_, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("once") : Task.CompletedTask);

        Assert.Equal(MessageStates.Completed, outcome);
        Assert.Equal(2, attempts);
        Assert.Equal(2, (await StateAsync(message))!.Attempts);
        Assert.Equal(0, handlerB.Count(message));
        await processB.StopAsync();
    }

    [Fact]
    public async Task ScansInBatchesStillContinueEveryOverdueRetryBehindManyNotYetDue()
    {
        // Written first, so they come first in every scan: 60 retries due in ten minutes, then 150 long overdue.
        var tenantId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var nats = fixture.PlatformNats();
        var retries = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.RetryQueue);
        var later = await PutRetriesAsync(retries, tenantId, "later", 60, now.AddMinutes(10));
        var overdue = await PutRetriesAsync(retries, tenantId, "overdue", 150, now.AddMinutes(-1));

        var handler = new RecordingHandler();
        using var worker = await StartWorkerAsync(handler, Options(scanBatch: 25));
        await Eventually.WaitAsync(() => overdue.All(m => handler.Count(m) == 1), Timeout, "every overdue retry continued");
        await Eventually.WaitAsync(async () => !(await Task.WhenAll(overdue.Select(async m => (await retries.TryGetEntryAsync<RetryEntry>(m.Key)).Success))).Any(s => s),
            Timeout, "every continued retry removed from the queue");
        await worker.StopAsync();

        Assert.All(overdue, m => Assert.Equal(1, handler.Count(m)));
        Assert.All(later, m => Assert.Equal(0, handler.Count(m)));
        foreach (var message in later)
        {
            await retries.DeleteAsync(message.Key);
        }
    }

    [Fact]
    public async Task EachScanReadsAtMostItsBatchAndTheCursorWrapsToRetriesThatBecameDueBehindIt()
    {
        // Written first, so the first scans pass them while they are not due yet: 5 retries due in 10 s (taken over
        // 2 s later), then 40 due in ten minutes. Only a cursor that starts over from the beginning reaches them again.
        var tenantId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var eligible = now.AddSeconds(10) + Options().RetryTakeoverAfter;
        await using var nats = fixture.PlatformNats();
        var retries = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.RetryQueue);
        var soon = await PutRetriesAsync(retries, tenantId, "soon", 5, now.AddSeconds(10));
        var later = await PutRetriesAsync(retries, tenantId, "later", 40, now.AddMinutes(10));
        var queued = await CountEntriesAsync(retries);

        var handler = new RecordingHandler();
        using var worker = await StartWorkerAsync(handler, Options(scanBatch: 20));
        using var scans = new ScanReads(worker.Services.GetRequiredService<IMeterFactory>());
        await Eventually.WaitAsync(() => soon.All(m => handler.Count(m) == 1), Timeout, "every retry that became due continued");
        await worker.StopAsync();

        var reads = scans.Snapshot();
        Assert.All(reads, r => Assert.InRange(r.Entries, 0, 20));
        Assert.True(reads.Where(r => r.At < eligible).Sum(r => r.Entries) >= queued,
            $"the scans went past all {queued} entries (earlier tests' delete markers included) before the first retries were due: {string.Join(", ", reads.Select(r => r.Entries))}");
        Assert.All(later, m => Assert.Equal(0, handler.Count(m)));
        foreach (var message in later)
        {
            await retries.DeleteAsync(message.Key);
        }
    }

    private static async Task<List<PlatformMessage>> PutRetriesAsync(INatsKVStore retries, Guid tenantId, string prefix, int count, DateTimeOffset due)
    {
        var messages = Enumerable.Range(0, count).Select(i => new PlatformMessage($"{prefix}-{i}", tenantId, Guid.NewGuid(), "orders.in", [1])).ToList();
        foreach (var message in messages)
        {
            await retries.PutAsync(message.Key, new RetryEntry(message, 2, due, "failed before"));
        }

        return messages;
    }

    private static async Task<int> CountEntriesAsync(INatsKVStore retries)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var count = 0;
        await foreach (var _ in LatestEntries.ReadAsync<RetryEntry>(retries, ">", 0, deadline.Token))
        {
            count++;
        }

        return count;
    }

    private static PlatformMessage NewMessage() => new($"m-{Guid.NewGuid():N}", Guid.NewGuid(), Guid.NewGuid(), "orders.in", "payload"u8.ToArray());

    private async Task<IHost> StartWorkerAsync(RecordingHandler handler, PlatformOptions? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<INatsConnection>(_ => fixture.PlatformNats());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options ?? Options()));
        builder.Services.AddSingleton<IPlatformMessageHandler>(handler);
        builder.Services.AddRetryQueueRunner<RecordingHandler>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<MessageState?> StateAsync(PlatformMessage message)
    {
        await using var nats = fixture.PlatformNats();
        var store = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.MessageState);
        var entry = await store.TryGetEntryAsync<MessageState>(message.Key);
        return entry.Success ? entry.Value.Value : null;
    }

    private async Task<NatsKVResult<NatsKVEntry<RetryEntry>>> RetryEntryAsync(PlatformMessage message)
    {
        await using var nats = fixture.PlatformNats();
        var store = await nats.CreateJetStreamContext().CreateKeyValueContext().GetStoreAsync(PlatformBuckets.RetryQueue);
        return await store.TryGetEntryAsync<RetryEntry>(message.Key);
    }

    /// <summary>Entries each scan of one worker's runner read, as its <see cref="RetryScanMetrics"/> records them.</summary>
    private sealed class ScanReads : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(DateTimeOffset At, int Entries)> _reads = new();

        public ScanReads(IMeterFactory worker)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == worker && instrument.Name == RetryScanMetrics.EntriesReadName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, entries, _, _) => _reads.Enqueue((DateTimeOffset.UtcNow, entries)));
            _listener.Start();
        }

        public List<(DateTimeOffset At, int Entries)> Snapshot() => [.. _reads];

        public void Dispose() => _listener.Dispose();
    }

    private sealed class RecordingHandler : IPlatformMessageHandler
    {
        private readonly ConcurrentQueue<string> _handled = new();

        public int Count(PlatformMessage message) => _handled.Count(id => id == message.Id);

        public Task HandleAsync(PlatformMessage message, CancellationToken cancellationToken)
        {
            _handled.Enqueue(message.Id);
            return Task.CompletedTask;
        }
    }
}
