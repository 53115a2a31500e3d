using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Vrsky.Chat.Contracts.Messaging;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.PresenceService.Receipts;

/// <summary>
/// Consumes <c>read.receipts</c> and writes them in batches (at <see cref="ReadReceiptOptions.MaxBatch"/> receipts
/// or <see cref="ReadReceiptOptions.MaxDelay"/> after the first, whichever comes first). A batch is acked, with one
/// multiple-ack, only after its statement committed. While the database is down the batch is held and retried
/// (<see cref="TransientRetry"/>); a write that still fails returns the whole batch to the queue.
/// Then each read cursor the batch moved is announced to its chat as a <c>Read</c> event (receipts the statement
/// refused, for a message outside the chat or behind the reader's cursor, are not). A batch's <c>write read_receipts</c> span
/// continues the trace of its first receipt and links to the others' (one statement serves many traces).
/// </summary>
internal sealed class ReadReceiptBatcher : WorkQueueConsumer<ReadReceipt>, IDisposable
{
    private readonly ReadReceiptWriter _writer;
    private readonly ConfirmingPublisher _publisher;
    private readonly ReadReceiptOptions _options;
    private readonly ILogger<ReadReceiptBatcher> _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Timer _timer;
    private List<Pending> _pending = [];
    private CancellationToken _stopping;

    public ReadReceiptBatcher(ReadReceiptWriter writer, ConfirmingPublisher publisher, IOptions<ReadReceiptOptions> options,
        RabbitMQConnectionProvider rabbit, ILogger<ReadReceiptBatcher> logger) : base(rabbit, logger)
    {
        (_writer, _publisher, _options, _logger) = (writer, publisher, options.Value, logger);
        _timer = new Timer(_ => _ = FlushAsync());
    }

    protected override string Queue => ChatTopology.ReadReceiptsQueue;

    // Two batches in flight: one being written while the next fills.
    protected override ushort Prefetch => (ushort)Math.Min(ushort.MaxValue, _options.MaxBatch * 2);

    protected override JsonTypeInfo<ReadReceipt> TypeInfo => ChatJson.Context.ReadReceipt;

    protected override ActivitySource ActivitySource => PresenceServiceTelemetry.Source;

    protected override async Task OnMessageAsync(ReadReceipt receipt, ulong deliveryTag, CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        bool full;
        lock (_lock)
        {
            _pending.Add(new Pending(receipt, deliveryTag, Activity.Current?.Context ?? default));
            if (_pending.Count == 1)
            {
                _timer.Change(_options.MaxDelay, Timeout.InfiniteTimeSpan);
            }

            full = _pending.Count >= _options.MaxBatch;
        }

        if (full)
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushAsync()
    {
        await _flushGate.WaitAsync().ConfigureAwait(false);
        try
        {
            List<Pending> batch;
            lock (_lock)
            {
                (batch, _pending) = (_pending, []);
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        using var activity = PresenceServiceTelemetry.Source.StartActivity(
            "write read_receipts", ActivityKind.Internal, batch[0].Context, links: batch.Skip(1).Where(p => p.Context != default).Select(p => new ActivityLink(p.Context)));
        activity?.SetTag(ChatActivityTags.BatchSize, batch.Count);

        // Deliveries arrive in tag order and batches are written in order, so the last tag acks exactly this batch.
        var lastTag = batch[^1].Tag;
        var receipts = batch.ConvertAll(b => b.Receipt);
        List<ReadCursor> moved;
        try
        {
            moved = await TransientRetry.RunAsync(ct => _writer.WriteAsync(receipts, ct),
                (e, delay) => PresenceServiceLog.BatchRetrying(_logger, e, batch.Count, delay), _stopping).ConfigureAwait(false);
            await AckAsync(lastTag, multiple: true).ConfigureAwait(false);
            PresenceServiceLog.BatchWritten(_logger, batch.Count, moved.Count);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            activity.RecordFailure(e);
            PresenceServiceLog.BatchFailed(_logger, e, batch.Count);
            await RequeueAsync(lastTag, multiple: true).ConfigureAwait(false);
            return;
        }

        try
        {
            foreach (var cursor in moved)
            {
                await _publisher.PublishTransientAsync(ChatTopology.DeliveryExchange, ChatTopology.ChatKey(cursor.ChatId),
                    new DeliveryEvent { Type = DeliveryEventType.Read, ChatId = cursor.ChatId, UserId = cursor.UserId, MessageId = cursor.MessageId },
                    ChatJson.Context.DeliveryEvent, _stopping).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // The receipts are stored; only the live notification is lost, and clients can read the cursor over REST.
            activity.RecordFailure(e);
            PresenceServiceLog.AnnounceFailed(_logger, e);
        }
    }

    /// <summary>A received receipt, its delivery tag and the trace it was sent in.</summary>
    private sealed record Pending(ReadReceipt Receipt, ulong Tag, ActivityContext Context);

    public override void Dispose()
    {
        _timer.Dispose();
        _flushGate.Dispose();
        base.Dispose();
    }
}
