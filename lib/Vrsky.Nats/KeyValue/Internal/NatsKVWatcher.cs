using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.KeyValue.Internal;

/// <summary>
/// An ordered consumer over a bucket: an ephemeral, ack-less push consumer in memory that delivers to
/// an inbox. Consumer sequences must arrive without gaps; after a gap, a reconnect or three missed
/// heartbeats it is replaced by a new one starting right after the last stream sequence seen, so the
/// caller sees every revision exactly once and in order.
/// </summary>
internal sealed class NatsKVWatcher<T>(INatsJSContext js, string bucket, string stream, string filterSubject, NatsKVWatchOpts opts)
{
    private const string ConsumerStalledHeader = "Nats-Consumer-Stalled";
    private const int MissedHeartbeats = 3;

    /// <summary>Longest wait between liveness checks, so a reconnect is noticed within about a second.</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private readonly int _prefixLength = $"$KV.{bucket}.".Length;

    /// <param name="untilCaughtUp">End once everything stored at the start has been delivered (keys, history).</param>
    public async IAsyncEnumerable<NatsKVEntry<T>> RunAsync(bool untilCaughtUp, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = js.Connection;
        var inbox = connection.NewInbox();
        var poll = opts.IdleHeartbeat < MaxPoll ? opts.IdleHeartbeat : MaxPoll;
        using var reopened = new ReopenSignal(connection);

        // Flow control keeps the server from sending far ahead, so a modest buffer suffices; an overflow
        // drops messages, which shows up as a sequence gap and is repaired by resubscribing.
        await using var sub = await connection.SubscribeCoreAsync<T>(inbox, opts: new NatsSubOpts { ChannelCapacity = 4096 }, cancellationToken: cancellationToken).ConfigureAwait(false);
        string? consumer = null;
        try
        {
            ulong lastStreamSeq = 0;
            ulong expectedConsumerSeq = 1;
            var info = await CreateConsumerAsync(inbox, lastStreamSeq, cancellationToken).ConfigureAwait(false);
            consumer = info.Name;
            if (info.NumPending == 0)
            {
                if (opts.OnNoData is { } onNoData)
                {
                    await onNoData(cancellationToken).ConfigureAwait(false);
                }

                if (untilCaughtUp)
                {
                    yield break;
                }
            }

            var lastHeard = Stopwatch.GetTimestamp();
            while (true)
            {
                var reset = false;
                var (ok, msg) = await NatsJSContext.TryReadWithinAsync(sub, poll, cancellationToken).ConfigureAwait(false);
                if (ok)
                {
                    lastHeard = Stopwatch.GetTimestamp();
                    if (msg.Headers is { Code: 100 } status)
                    {
                        // Flow-control requests carry a reply subject; a stalled heartbeat names one in a header.
                        var answer = !string.IsNullOrEmpty(msg.ReplyTo) ? msg.ReplyTo
                            : status.TryGetValue(ConsumerStalledHeader, out var stalled) ? stalled : null;
                        if (answer is not null)
                        {
                            await connection.PublishAsync(answer, ReadOnlyMemory<byte>.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
                        }

                        continue;
                    }

                    if (!NatsJSMsgMetadata.TryParse(msg.ReplyTo, out var meta) || meta.Consumer != consumer)
                    {
                        continue; // still buffered from a consumer this watch already replaced
                    }

                    if (meta.Sequence.Consumer != expectedConsumerSeq)
                    {
                        reset = true;
                    }
                    else
                    {
                        expectedConsumerSeq++;
                        lastStreamSeq = meta.Sequence.Stream;
                        var entry = ToEntry(msg, meta);
                        if (!(opts.IgnoreDeletes && entry.Operation != NatsKVOperation.Put))
                        {
                            yield return entry;
                        }

                        if (untilCaughtUp && meta.NumPending == 0)
                        {
                            yield break;
                        }

                        continue;
                    }
                }

                reset |= reopened.Consume();
                if (!reset && Stopwatch.GetElapsedTime(lastHeard) < MissedHeartbeats * opts.IdleHeartbeat)
                {
                    continue;
                }

                await DeleteQuietlyAsync(consumer, cancellationToken).ConfigureAwait(false);
                info = await CreateConsumerAsync(inbox, lastStreamSeq, cancellationToken).ConfigureAwait(false);
                consumer = info.Name;
                expectedConsumerSeq = 1;
                lastHeard = Stopwatch.GetTimestamp();
                if (untilCaughtUp && info.NumPending == 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await DeleteQuietlyAsync(consumer, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private NatsKVEntry<T> ToEntry(NatsMsg<T> msg, NatsJSMsgMetadata meta)
    {
        var operation = NatsKVStore.ParseOperation(msg.Headers);
        return new NatsKVEntry<T>(bucket, msg.Subject[_prefixLength..])
        {
            Value = operation == NatsKVOperation.Put ? msg.Data : default,
            Revision = meta.Sequence.Stream,
            Created = meta.Timestamp,
            Delta = meta.NumPending,
            Operation = operation,
        };
    }

    private ValueTask<ConsumerInfo> CreateConsumerAsync(string inbox, ulong lastStreamSeq, CancellationToken cancellationToken)
    {
        // A replacement consumer goes on after the last entry seen; the first one starts where asked, if asked.
        var startSeq = lastStreamSeq > 0 ? lastStreamSeq + 1 : opts.StartRevision;
        var config = new ConsumerConfig
        {
            DeliverSubject = inbox,
            AckPolicy = AckPolicy.None,
            MaxDeliver = 1,
            FlowControl = true,
            IdleHeartbeat = opts.IdleHeartbeat,
            HeadersOnly = opts.MetaOnly,
            FilterSubject = filterSubject,
            MemStorage = true,
            NumReplicas = 1,
            DeliverPolicy = startSeq is not null ? DeliverPolicy.ByStartSequence
                : opts.UpdatesOnly ? DeliverPolicy.New
                : opts.IncludeHistory ? DeliverPolicy.All
                : DeliverPolicy.LastPerSubject,
            OptStartSeq = startSeq,
        };
        return js.CreateOrUpdateConsumerAsync(stream, config, cancellationToken);
    }

    private async ValueTask DeleteQuietlyAsync(string? consumer, CancellationToken cancellationToken)
    {
        if (consumer is null)
        {
            return;
        }

        try
        {
            await js.DeleteConsumerAsync(stream, consumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException)
        {
            // Already gone (server restart, inactivity); the server removes ephemeral consumers anyway.
        }
    }
}
