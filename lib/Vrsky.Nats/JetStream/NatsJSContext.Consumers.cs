using System.Runtime.CompilerServices;
using System.Text.Json;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

public sealed partial class NatsJSContext
{
    /// <summary>Extra client-side wait after a fetch's expiry, in case the server's 408 is lost with the connection.</summary>
    private static readonly TimeSpan FetchGrace = TimeSpan.FromSeconds(2);

    public ValueTask<ConsumerInfo> CreateOrUpdateConsumerAsync(string stream, ConsumerConfig config, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        ArgumentNullException.ThrowIfNull(config);
        if (config.DurableName is { } durable && config.Name is { } name && durable != name)
        {
            throw new ArgumentException($"Consumer name '{name}' and durable name '{durable}' must be equal", nameof(config));
        }

        // Named consumers use the subject with the name in it (server 2.9+); unnamed ones are ephemeral.
        var consumerName = config.Name ?? config.DurableName;
        string suffix;
        if (consumerName is null)
        {
            suffix = $"CONSUMER.CREATE.{stream}";
        }
        else
        {
            NatsJSValidator.ThrowIfInvalidName(consumerName, nameof(config));
            suffix = $"CONSUMER.CREATE.{stream}.{consumerName}";
            config = config with { Name = consumerName };
        }

        var request = new ConsumerCreateRequest { StreamName = stream, Config = config };
        return ApiRequestAsync(suffix, request, Json.ConsumerCreateRequest, Json.ConsumerInfo, cancellationToken);
    }

    public ValueTask<ConsumerInfo> GetConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        NatsJSValidator.ThrowIfInvalidName(consumer);
        return ApiRequestAsync($"CONSUMER.INFO.{stream}.{consumer}", Json.ConsumerInfo, cancellationToken);
    }

    public async ValueTask<bool> DeleteConsumerAsync(string stream, string consumer, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        NatsJSValidator.ThrowIfInvalidName(consumer);
        var reply = await ApiRequestAsync($"CONSUMER.DELETE.{stream}.{consumer}", Json.SuccessResponse, cancellationToken).ConfigureAwait(false);
        return reply.Success;
    }

    public IAsyncEnumerable<NatsJSMsg<T>> FetchAsync<T>(string stream, string consumer, NatsJSFetchOpts? opts = null, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        NatsJSValidator.ThrowIfInvalidName(consumer);
        opts ??= new NatsJSFetchOpts();
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.MaxMsgs, 1, $"{nameof(opts)}.{nameof(opts.MaxMsgs)}");
        ThrowIfHeartbeatTooLong(opts.IdleHeartbeat, opts.Expires);
        return FetchCoreAsync<T>(stream, consumer, opts, cancellationToken);
    }

    public IAsyncEnumerable<NatsJSMsg<T>> ConsumeAsync<T>(string stream, string consumer, NatsJSConsumeOpts? opts = null, CancellationToken cancellationToken = default)
    {
        NatsJSValidator.ThrowIfInvalidName(stream);
        NatsJSValidator.ThrowIfInvalidName(consumer);
        opts ??= new NatsJSConsumeOpts();
        ArgumentOutOfRangeException.ThrowIfLessThan(opts.MaxMsgs, 1, $"{nameof(opts)}.{nameof(opts.MaxMsgs)}");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opts.EffectiveThreshold, opts.MaxMsgs, $"{nameof(opts)}.{nameof(opts.ThresholdMsgs)}");
        ThrowIfHeartbeatTooLong(opts.EffectiveIdleHeartbeat, opts.Expires);
        return new NatsJSConsume<T>(this, stream, consumer, opts).RunAsync(cancellationToken);
    }

    /// <summary>Publishes one pull request for <paramref name="consumer"/> whose messages go to <paramref name="inbox"/>.</summary>
    internal ValueTask PublishPullRequestAsync(string stream, string consumer, ConsumerPullRequest request, string inbox, CancellationToken cancellationToken) =>
        Connection.PublishAsync(
            ApiSubject($"CONSUMER.MSG.NEXT.{stream}.{consumer}"),
            JsonSerializer.SerializeToUtf8Bytes(request, Json.ConsumerPullRequest),
            replyTo: inbox,
            cancellationToken: cancellationToken);

    /// <summary>Reads the next message of an inbox; false when <paramref name="until"/> fires first or the subscription ends.</summary>
    internal static async ValueTask<(bool Ok, NatsMsg<T> Msg)> TryReadAsync<T>(INatsSub<T> sub, CancellationToken until)
    {
        try
        {
            if (await sub.Msgs.WaitToReadAsync(until).ConfigureAwait(false) && sub.Msgs.TryRead(out var msg))
            {
                return (true, msg);
            }
        }
        catch (OperationCanceledException) when (until.IsCancellationRequested)
        {
        }

        return (false, default);
    }

    /// <summary>
    /// Reads the next message, waiting at most <paramref name="timeout"/> (false then). Long-lived loops use
    /// this to look at their liveness checks regularly; a subscription that ended is an error for them.
    /// </summary>
    internal static async ValueTask<(bool Ok, NatsMsg<T> Msg)> TryReadWithinAsync<T>(INatsSub<T> sub, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (sub.Msgs.TryRead(out var buffered))
        {
            return (true, buffered);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        var result = await TryReadAsync(sub, wait.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Ok && sub.Msgs.Completion.IsCompleted)
        {
            throw new NatsJSException($"The subscription on '{sub.Subject}' ended");
        }

        return result;
    }

    private async IAsyncEnumerable<NatsJSMsg<T>> FetchCoreAsync<T>(string stream, string consumer, NatsJSFetchOpts opts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inbox = Connection.NewInbox();

        // Room for every requested message plus heartbeats and the final status, so nothing is dropped.
        var subOpts = new NatsSubOpts { ChannelCapacity = opts.MaxMsgs + 16 };
        await using var sub = await Connection.SubscribeCoreAsync<T>(inbox, opts: subOpts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var request = new ConsumerPullRequest
        {
            Batch = opts.MaxMsgs,
            Expires = opts.Expires,
            NoWait = opts.NoWait ? true : null,
            IdleHeartbeat = opts.IdleHeartbeat,
        };
        await PublishPullRequestAsync(stream, consumer, request, inbox, cancellationToken).ConfigureAwait(false);

        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        expiry.CancelAfter(opts.Expires + FetchGrace);
        var heard = false;
        for (var received = 0; received < opts.MaxMsgs;)
        {
            var (ok, msg) = await TryReadAsync(sub, expiry.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!ok)
            {
                if (!heard)
                {
                    // Not even the 408 came: a pull to a missing consumer is silently dropped by the server.
                    await ThrowIfConsumerMissingAsync(stream, consumer, cancellationToken).ConfigureAwait(false);
                }

                yield break;
            }

            heard = true;

            var status = PullStatus.Classify(msg.Headers);
            switch (status.Kind)
            {
                case PullStatusKind.Message:
                    received++;
                    yield return new NatsJSMsg<T>(msg, Connection);
                    break;
                case PullStatusKind.Heartbeat:
                    break;
                case PullStatusKind.NoMessages or PullStatusKind.RequestEnded:
                    yield break;
                case PullStatusKind.NoResponders:
                    throw new NatsJSException($"No responder for a pull from consumer '{consumer}' on stream '{stream}': the consumer does not exist or has no leader");
                default:
                    throw new NatsJSException($"Pull from consumer '{consumer}' on stream '{stream}' failed: {status.Description}");
            }
        }
    }

    /// <summary>
    /// Throws <see cref="NatsJSConsumerNotFoundException"/> (or stream not found) when the consumer is gone;
    /// transient failures are ignored, since the caller only wants to know whether waiting is pointless.
    /// </summary>
    internal async ValueTask ThrowIfConsumerMissingAsync(string stream, string consumer, CancellationToken cancellationToken)
    {
        try
        {
            await GetConsumerAsync(stream, consumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException ex) when (ex is not (NatsJSConsumerNotFoundException or NatsJSStreamNotFoundException))
        {
        }
    }

    private static void ThrowIfHeartbeatTooLong(TimeSpan? heartbeat, TimeSpan expires)
    {
        if (heartbeat is { } hb && hb >= expires)
        {
            throw new ArgumentOutOfRangeException(nameof(heartbeat), hb, $"The idle heartbeat must be shorter than the request expiry ({expires})");
        }
    }
}
