using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream.Internal;

/// <summary>
/// The continuous pull loop behind <see cref="NatsJSContext.ConsumeAsync{T}"/>. It keeps about
/// MaxMsgs requested, and treats its requests as lost — and pulls again — when the connection
/// reopens or two idle heartbeats go missing (server restart, consumer leader moved).
/// </summary>
internal sealed class NatsJSConsume<T>(NatsJSContext js, string stream, string consumer, NatsJSConsumeOpts opts)
{
    /// <summary>Longest wait between liveness checks, so a reconnect is noticed within about a second.</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private readonly PullBudget _budget = new(opts.MaxMsgs, opts.EffectiveThreshold);
    private readonly TimeSpan _heartbeat = opts.EffectiveIdleHeartbeat;
    private readonly string _inbox = js.Connection.NewInbox();

    public async IAsyncEnumerable<NatsJSMsg<T>> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = js.Connection;
        var poll = _heartbeat < MaxPoll ? _heartbeat : MaxPoll;
        using var reopened = new ReopenSignal(connection);

        // Twice MaxMsgs: a refill after a request end of unknown size can briefly over-pull.
        var subOpts = new NatsSubOpts { ChannelCapacity = (opts.MaxMsgs * 2) + 64 };
        await using var sub = await connection.SubscribeCoreAsync<T>(_inbox, opts: subOpts, cancellationToken: cancellationToken).ConfigureAwait(false);
        await RefillAsync(cancellationToken).ConfigureAwait(false);
        var lastHeard = Stopwatch.GetTimestamp();
        while (true)
        {
            var (ok, msg) = await NatsJSContext.TryReadWithinAsync(sub, poll, cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                lastHeard = Stopwatch.GetTimestamp();
                var status = PullStatus.Classify(msg.Headers);
                if (status.Kind == PullStatusKind.Message)
                {
                    _budget.OnMessage();
                    yield return new NatsJSMsg<T>(msg, connection);
                }
                else
                {
                    await HandleStatusAsync(status, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (reopened.Consume())
            {
                // A new server connection knows nothing of earlier pull requests.
                _budget.Reset();
            }
            else if (Stopwatch.GetElapsedTime(lastHeard) >= 2 * _heartbeat)
            {
                // The server went quiet: requests lost (restart, leader moved) or the consumer is gone.
                await js.ThrowIfConsumerMissingAsync(stream, consumer, cancellationToken).ConfigureAwait(false);
                lastHeard = Stopwatch.GetTimestamp();
                _budget.Reset();
            }

            await RefillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleStatusAsync(PullStatus status, CancellationToken cancellationToken)
    {
        switch (status.Kind)
        {
            case PullStatusKind.Heartbeat:
                return;
            case PullStatusKind.RequestEnded or PullStatusKind.NoMessages:
                _budget.OnRequestEnded(status.UnfulfilledMsgs);
                return;
            case PullStatusKind.NoResponders:
                // Consumer leader election or a restarting server. Asking for the consumer waits out the
                // election (the context retries no-responders) and throws if the consumer is really gone.
                await js.ThrowIfConsumerMissingAsync(stream, consumer, cancellationToken).ConfigureAwait(false);
                _budget.Reset();
                return;
            case PullStatusKind.ConsumerDeleted:
                throw new NatsJSConsumerNotFoundException(new ApiError { Code = 409, ErrCode = NatsJSErrorCodes.ConsumerNotFound, Description = $"consumer '{consumer}' on stream '{stream}' was deleted" });
            default:
                throw new NatsJSException($"Pull from consumer '{consumer}' on stream '{stream}' failed: {status.Description}");
        }
    }

    private async ValueTask RefillAsync(CancellationToken cancellationToken)
    {
        var batch = _budget.TakeRefill();
        if (batch == 0)
        {
            return;
        }

        var request = new ConsumerPullRequest { Batch = batch, Expires = opts.Expires, IdleHeartbeat = _heartbeat };
        try
        {
            await js.PublishPullRequestAsync(stream, consumer, request, _inbox, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException)
        {
            // Not sent (connection down): the reconnect signal or the heartbeat check pulls again.
            _budget.Reset();
        }
    }
}
