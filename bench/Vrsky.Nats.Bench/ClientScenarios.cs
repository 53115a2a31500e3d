using System.Diagnostics;
using System.Threading.Channels;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.Nats.KeyValue;

namespace Vrsky.Nats.Bench;

/// <summary>What one scenario produced: operations done, elapsed time, and what this process allocated and spent in CPU meanwhile.</summary>
internal readonly record struct Measurement(long Ops, TimeSpan Elapsed, long AllocatedBytes, int Gen0, TimeSpan Cpu)
{
    public double PerSecond => Ops / Elapsed.TotalSeconds;

    public double AllocatedPerOp => Ops == 0 ? 0 : (double)AllocatedBytes / Ops;

    /// <summary>Process CPU (user + kernel, all threads) per operation, in nanoseconds; the server's CPU is not included.</summary>
    public double CpuNanosPerOp => Ops == 0 ? 0 : Cpu.TotalNanoseconds / Ops;
}

/// <summary>Process-wide allocated bytes, gen0 collections and CPU time between Start and Stop (covers the pump and read loop too).</summary>
internal readonly record struct Probe(long Bytes, int Gen0, TimeSpan Cpu)
{
    public static Probe Start() => new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), Environment.CpuUsage.TotalTime);

    public Measurement Stop(long ops, TimeSpan elapsed) =>
        new(ops, elapsed, GC.GetTotalAllocatedBytes(precise: true) - Bytes, GC.CollectionCount(0) - Gen0, Environment.CpuUsage.TotalTime - Cpu);
}

/// <summary>Each Vrsky.Nats scenario of the benchmark; every loop stops at its count or its time limit.</summary>
internal static class ClientScenarios
{
    public static NatsOpts Opts(string url, string name) => NatsOpts.Default with { Url = url, Name = name };

    /// <summary>Fire-and-forget publishes, then one PING/PONG (FlushAsync) so the server has them all.</summary>
    public static async Task<Measurement> PublishAsync(NatsConnection nats, string subject, ReadOnlyMemory<byte> payload, long count, TimeSpan limit)
    {
        await nats.FlushAsync();
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < count)
        {
            await nats.PublishAsync(subject, payload);
            if ((++sent & 1023) == 0 && Stopwatch.GetElapsedTime(started) > limit)
            {
                break;
            }
        }

        await nats.FlushAsync();
        return probe.Stop(sent, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>One connection publishes, another (same process) receives; measured until the last message arrives.</summary>
    public static async Task<Measurement> PubSubAsync(NatsConnection publisher, NatsConnection subscriber, string subject, ReadOnlyMemory<byte> payload, long count, TimeSpan limit)
    {
        // Wait mode: back-pressure instead of drops, so every published message is counted as received.
        await using var sub = await subscriber.SubscribeCoreAsync<ReadOnlyMemory<byte>>(
            subject, opts: new NatsSubOpts { ChannelCapacity = 64 * 1024, ChannelFullMode = BoundedChannelFullMode.Wait });
        await subscriber.FlushAsync();
        await publisher.FlushAsync();

        using var stop = new CancellationTokenSource(limit);
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        var receive = Task.Run(async () =>
        {
            long received = 0;
            try
            {
                while (received < count && await sub.Msgs.WaitToReadAsync(stop.Token))
                {
                    while (received < count && sub.Msgs.TryRead(out _))
                    {
                        received++;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Time limit: report what arrived.
            }

            return received;
        });

        long sent = 0;
        while (sent < count && !stop.IsCancellationRequested)
        {
            await publisher.PublishAsync(subject, payload);
            sent++;
        }

        await publisher.FlushAsync();
        var total = await receive;
        return probe.Stop(total, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Sequential requests to a responder on another connection in this process; latencies in Stopwatch ticks.</summary>
    public static async Task<(Measurement Measurement, long[] Latencies)> RequestReplyAsync(NatsConnection requester, NatsConnection responder, string subject, ReadOnlyMemory<byte> payload, int count, TimeSpan limit)
    {
        using var stopResponder = new CancellationTokenSource();
        await using var service = await responder.SubscribeCoreAsync<ReadOnlyMemory<byte>>(subject);
        await responder.FlushAsync();
        var serve = Task.Run(async () =>
        {
            try
            {
                await foreach (var msg in service.Msgs.ReadAllAsync(stopResponder.Token))
                {
                    await msg.ReplyAsync(msg.Data);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });

        var latencies = new long[count];
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        while (done < count && Stopwatch.GetElapsedTime(started) < limit)
        {
            var before = Stopwatch.GetTimestamp();
            await requester.RequestAsync<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(subject, payload);
            latencies[done++] = Stopwatch.GetTimestamp() - before;
        }

        var measurement = probe.Stop(done, Stopwatch.GetElapsedTime(started));
        await stopResponder.CancelAsync();
        await serve;
        return (measurement, latencies[..done]);
    }

    /// <summary>Each JetStream publish awaits its PubAck before the next one.</summary>
    public static async Task<Measurement> JetStreamAwaitedAsync(INatsJSContext js, string subject, ReadOnlyMemory<byte> payload, int count, TimeSpan limit)
    {
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        while (done < count && Stopwatch.GetElapsedTime(started) < limit)
        {
            await js.PublishAsync(subject, payload);
            done++;
        }

        return probe.Stop(done, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>JetStream publishes through <see cref="NatsJSPublisher"/>: up to <paramref name="window"/> acks outstanding.</summary>
    public static async Task<Measurement> JetStreamWindowedAsync(INatsJSContext js, string subject, ReadOnlyMemory<byte> payload, int count, int window, TimeSpan limit)
    {
        var publisher = js.CreatePublisher(window);
        var acks = new List<Task<PubAckResponse>>(count);
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        while (acks.Count < count && Stopwatch.GetElapsedTime(started) < limit)
        {
            acks.Add(await publisher.PublishAsync(subject, payload));
        }

        await Task.WhenAll(acks);
        return probe.Stop(acks.Count, Stopwatch.GetElapsedTime(started));
    }

    public static async Task<Measurement> KvPutAsync(INatsKVStore kv, ReadOnlyMemory<byte> value, int keys, int count, TimeSpan limit)
    {
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        while (done < count && Stopwatch.GetElapsedTime(started) < limit)
        {
            await kv.PutAsync(Key(done % keys), value);
            done++;
        }

        return probe.Stop(done, Stopwatch.GetElapsedTime(started));
    }

    public static async Task<Measurement> KvGetAsync(INatsKVStore kv, int keys, int count, TimeSpan limit)
    {
        var probe = Probe.Start();
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        while (done < count && Stopwatch.GetElapsedTime(started) < limit)
        {
            await kv.GetEntryAsync<ReadOnlyMemory<byte>>(Key(done % keys));
            done++;
        }

        return probe.Stop(done, Stopwatch.GetElapsedTime(started));
    }

    private static string Key(int i) => KeyNames.Get(i);

    /// <summary>Key strings made once, so the KV loops measure the client, not string formatting.</summary>
    private static class KeyNames
    {
        private static readonly string[] Names = Enumerable.Range(0, 4096).Select(i => $"key-{i}").ToArray();

        public static string Get(int i) => Names[i % Names.Length];
    }
}
