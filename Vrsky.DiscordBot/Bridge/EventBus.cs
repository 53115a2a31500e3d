using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Modes;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Nats.JetStream.Models;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.DiscordBot.Bridge;

/// <summary>
/// The bot's JetStream plumbing: environment-scoped streams, publishing with <c>Nats-Msg-Id</c> de-duplication, and
/// durable pull consumers that retry failures with backoff and move a message to the dead-letter subject after
/// <see cref="BotOptions.MaxDeliver"/> deliveries. Publishing and processing run in spans whose context travels in the
/// message headers (<see cref="BusActivities"/>).
/// </summary>
public sealed class EventBus(INatsConnection nats, BotSubjects subjects, BotOptions options, ILogger<EventBus> logger)
{
    private const int MaxMessageBytes = 256 * 1024;

    /// <summary>How long JetStream drops a re-published <c>Nats-Msg-Id</c>.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long a stream keeps a message, and so how long it can still be (re)delivered.</summary>
    public static readonly TimeSpan StreamMaxAge = TimeSpan.FromDays(7);
    private readonly INatsJSContext _js = nats.CreateJetStreamContext();

    public BotSubjects Subjects => subjects;

    public async Task EnsureStreamsAsync(CancellationToken cancellationToken)
    {
        await nats.ConnectAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, subject) in new[]
        {
            (subjects.InteractionStream, subjects.InteractionSubjects),
            (subjects.ResponseStream, subjects.ResponseSubjects),
            (subjects.DeadLetterStream, subjects.DeadLetterSubjects),
        })
        {
            await _js.CreateOrUpdateStreamAsync(new StreamConfig(name, subject)
            {
                DuplicateWindow = DuplicateWindow,
                MaxAge = StreamMaxAge,
                MaxMsgSize = MaxMessageBytes,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task PublishEventAsync(BotEvent evt, CancellationToken cancellationToken) =>
        PublishAsync(subjects.Interaction(evt.GuildId), evt, evt.Id, subjects.InteractionStream, cancellationToken);

    public Task PublishResponseAsync(BotResponse response, CancellationToken cancellationToken) =>
        PublishAsync(subjects.Response(response.GuildId), response, response.Id, subjects.ResponseStream, cancellationToken);

    private async Task PublishAsync<T>(string subject, T value, string msgId, string stream, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, DiscordJson.Options);
        var headers = new NatsHeaders();
        using var activity = BusActivities.StartPublish(stream, subject, msgId, bytes.Length, headers);
        try
        {
            await _js.PublishAsync(subject, bytes, new NatsJSPubOpts { MsgId = msgId, ExpectedStream = stream }, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activity.RecordFailure(e);
            throw;
        }

        BotMetrics.EventBusPublished.Add(1, new KeyValuePair<string, object?>("stream", stream));
    }

    /// <summary>Consumes <paramref name="stream"/> through durable <paramref name="consumer"/> until cancelled.</summary>
    /// <param name="deadLettered">Called with a message once it is dead-lettered (either way); its failure is logged only.</param>
    public async Task ConsumeAsync<T>(string stream, string consumer, Func<T, CancellationToken, Task> handle, Func<T, string> describe, CancellationToken cancellationToken,
        Func<T, CancellationToken, Task>? deadLettered = null)
        where T : class
    {
        await _js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig(consumer)
        {
            AckWait = options.AckWait,
            MaxDeliver = options.MaxDeliver,
            MaxAckPending = 256,
        }, cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exhausted = DeadLetterExhaustedAsync(stream, consumer, deadLettered, stop.Token);
        try
        {
            // A few messages at a time, so competing workers share the load and a killed worker holds little.
            var consumeOpts = new NatsJSConsumeOpts { MaxMsgs = 4, Expires = TimeSpan.FromSeconds(10) };
            await foreach (var msg in _js.ConsumeAsync<byte[]>(stream, consumer, consumeOpts, cancellationToken).ConfigureAwait(false))
            {
                await ProcessAsync(stream, consumer, msg, handle, describe, deadLettered, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await exhausted.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A handler that never comes back (a process killed, a call hanging past the ack wait) throws nothing the consumer
    /// could catch: JetStream just stops delivering after MaxDeliver and announces it on the max-deliveries advisory.
    /// The message is fetched by its stream sequence and dead-lettered like one whose handler failed. One process of the
    /// queue group does it; the dead letter's message id makes a second attempt (an advisory seen again) a duplicate.
    /// </summary>
    private async Task DeadLetterExhaustedAsync<T>(string stream, string consumer, Func<T, CancellationToken, Task>? deadLettered, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await foreach (var advisory in nats.SubscribeAsync<byte[]>(MaxDeliveriesSubject(stream, consumer), queueGroup: consumer, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var exhausted = advisory.Data is { Length: > 0 and <= 4096 } data ? JsonSerializer.Deserialize<MaxDeliveriesAdvisory>(data) : null;
                    if (exhausted is { StreamSeq: > 0 })
                    {
                        if (await DeadLetterStoredAsync(stream, exhausted, cancellationToken).ConfigureAwait(false) is { } stored && Decode<T>(stored) is { } value)
                        {
                            await NotifyDeadLetteredAsync(stream, deadLettered, value, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    BotLog.DeadLetterFailed(logger, stream, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped.
        }
    }

    private static string MaxDeliveriesSubject(string stream, string consumer) => $"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{consumer}";

    /// <summary>Returns the dead-lettered message's data, or null when there was nothing left to dead-letter.</summary>
    private async Task<byte[]?> DeadLetterStoredAsync(string stream, MaxDeliveriesAdvisory exhausted, CancellationToken cancellationToken)
    {
        StoredMessage stored;
        try
        {
            stored = await _js.GetMsgAsync(stream, new StreamMsgGetRequest { Seq = exhausted.StreamSeq }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSNoMessageFoundException)
        {
            return null; // Acknowledged late or removed meanwhile: nothing left to dead-letter.
        }

        await DeadLetterAsync(stream, exhausted.StreamSeq, stored.Subject, stored.Data, exhausted.Deliveries,
            "no acknowledgement within the ack wait, delivery after delivery", cancellationToken).ConfigureAwait(false);
        return stored.Data ?? [];
    }

    /// <summary>The fields of <c>io.nats.jetstream.advisory.v1.max_deliver</c> used here.</summary>
    private sealed record MaxDeliveriesAdvisory(
        [property: System.Text.Json.Serialization.JsonPropertyName("stream_seq")] ulong StreamSeq,
        [property: System.Text.Json.Serialization.JsonPropertyName("deliveries")] ulong Deliveries);

    private T? Decode<T>(byte[]? data)
        where T : class
    {
        try
        {
            return data is { Length: > 0 and <= MaxMessageBytes } ? JsonSerializer.Deserialize<T>(data, DiscordJson.Options) : null;
        }
        catch (JsonException e)
        {
            logger.LogDebug(e, "Undecodable message");
            return null;
        }
    }

    private async Task ProcessAsync<T>(string stream, string consumer, NatsJSMsg<byte[]> msg, Func<T, CancellationToken, Task> handle, Func<T, string> describe,
        Func<T, CancellationToken, Task>? deadLettered, CancellationToken cancellationToken)
        where T : class
    {
        var delivery = msg.Metadata?.NumDelivered ?? 1;
        var value = Decode<T>(msg.Data);
        if (value is null)
        {
            // Retrying cannot fix an undecodable message.
            await DeadLetterAsync(stream, msg, delivery, "not a valid message", cancellationToken).ConfigureAwait(false);
            return;
        }

        var id = describe(value);
        // The handler's database commands, publishes and REST calls are children of this span.
        using var activity = BusActivities.StartProcess(stream, consumer, msg.Subject, msg.Headers, delivery, msg.Data?.Length ?? 0);
        try
        {
            await handle(value, cancellationToken).ConfigureAwait(false);
            await msg.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            BotMetrics.EventBusProcessed.Add(1, new("stream", stream), new("outcome", "ok"));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            activity.RecordFailure(e);
            BotMetrics.EventBusProcessed.Add(1, new("stream", stream), new("outcome", "failed"));
            BotLog.HandlingFailed(logger, stream, id, delivery, e.Message);
            if (delivery >= (ulong)options.MaxDeliver)
            {
                await DeadLetterAsync(stream, msg, delivery, e.Message, cancellationToken).ConfigureAwait(false);
                await NotifyDeadLetteredAsync(stream, deadLettered, value, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // 1 s, 2 s, 4 s … capped at 30 s.
                await msg.NakAsync(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, delivery - 1))), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task NotifyDeadLetteredAsync<T>(string stream, Func<T, CancellationToken, Task>? deadLettered, T value, CancellationToken cancellationToken)
    {
        try
        {
            if (deadLettered is not null)
            {
                await deadLettered(value, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The message is dead-lettered already; failing here must not stop the consumer.
            BotLog.AfterDeadLetterFailed(logger, stream, e.Message);
        }
    }

    private async Task DeadLetterAsync(string stream, NatsJSMsg<byte[]> msg, ulong delivery, string error, CancellationToken cancellationToken)
    {
        await DeadLetterAsync(stream, msg.Metadata?.Sequence.Stream, msg.Subject, msg.Data, delivery, error, cancellationToken).ConfigureAwait(false);
        await msg.TermAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Both ways a message is given up on (its handler failing on the last delivery, the max-deliveries advisory) end
    /// here, and can both happen to one message: a last delivery that hangs past the ack wait and then throws. The dead
    /// letter's id is the message's place in its stream, so JetStream drops the second and the user is answered once.
    /// </summary>
    private async Task DeadLetterAsync(string stream, ulong? streamSequence, string subject, byte[]? data, ulong deliveries, string error,
        CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            { "Vrsky-Original-Subject", subject },
            { "Vrsky-Deliveries", deliveries.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "Vrsky-Error", (error.Length > 500 ? error[..500] : error).ReplaceLineEndings(" ") },
        };
        // The failed processing's trace, so a dead letter can be looked up from its headers.
        TraceContext.Inject(Activity.Current, headers);
        var msgId = streamSequence is { } seq ? $"dead:{stream}:{seq}" : null;
        await _js.PublishAsync(subjects.DeadLetter(stream == subjects.ResponseStream ? "response" : "interaction"), data ?? [],
            new NatsJSPubOpts { MsgId = msgId }, headers, cancellationToken).ConfigureAwait(false);
        BotMetrics.EventBusProcessed.Add(1, new("stream", stream), new("outcome", "dead_letter"));
        BotLog.DeadLettered(logger, msgId ?? subject, stream, deliveries, error);
    }
}
