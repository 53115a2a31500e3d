using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vrsky.Nats;
using Vrsky.ServiceDefaults.Telemetry;
using Vrsky.TokenWorker.Configuration;
using Vrsky.TokenWorker.Idp;

namespace Vrsky.TokenWorker.Requests;

/// <summary>
/// The queue-group loop: takes requests from the token subject, handles up to <see cref="TokenWorkerOptions.MaxConcurrency"/>
/// at once, and replies to each. Stopping (SIGTERM) drains: the subscription is removed at the server, every request the
/// server had already sent is still handled, and the host waits (up to the drain timeout) until all are answered.
/// </summary>
public sealed class TokenRequestListener(
    TokenWorkerConnections connections,
    TokenRequestHandler handler,
    IOptions<TokenWorkerOptions> options,
    ILogger<TokenRequestListener> logger) : BackgroundService
{
    private readonly TokenWorkerOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Lazy<Task>? _drain;

    /// <summary>Completes once the queue subscription is registered at the server (tests and health wait for it).</summary>
    public Task Subscribed => _subscribed.Task;

    public int InFlight => _options.MaxConcurrency - _slots.CurrentCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        INatsSub<ReadOnlyMemory<byte>> sub;
        try
        {
            await connections.Replies.ConnectAsync(stoppingToken);
            sub = await connections.Requests.SubscribeCoreAsync<ReadOnlyMemory<byte>>(
                _options.Subject,
                _options.QueueGroup,
                // Waiting rather than dropping: a request the worker took is answered, never silently lost.
                new NatsSubOpts { ChannelCapacity = Math.Max(256, _options.MaxConcurrency * 4), ChannelFullMode = BoundedChannelFullMode.Wait },
                stoppingToken);
            await connections.Requests.FlushAsync(stoppingToken);
        }
        catch (Exception e)
        {
            _subscribed.TrySetException(e);
            throw;
        }

        TokenWorkerLog.Listening(logger, _options.Subject, _options.QueueGroup, _options.ClientName, _options.MaxConcurrency, _options.TokenEndpoint);
        _subscribed.TrySetResult();

        // Not cancelled by stoppingToken: the loop ends when the drain completes the subscription, after the last buffered message.
        try
        {
            while (await sub.Msgs.WaitToReadAsync(CancellationToken.None))
            {
                while (sub.Msgs.TryRead(out var msg))
                {
                    await _slots.WaitAsync(CancellationToken.None);
                    _ = HandleAsync(msg);
                }
            }
        }
        catch (Exception e) when (e is NatsException or ChannelClosedException)
        {
            TokenWorkerLog.SubscriptionFailed(logger, e);
            throw;
        }
    }

    /// <summary>Drains once; a second stop (host stop, then dispose) waits for the same drain.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        var drain = new Lazy<Task>(() => DrainAsync(cancellationToken));
        return (Interlocked.CompareExchange(ref _drain, drain, null) ?? drain).Value;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        TokenWorkerLog.Draining(logger, InFlight);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DrainTimeout);
        try
        {
            // UNSUB, then a PING/PONG: every message the server sent before it saw the UNSUB reaches the loop, which ends after the last.
            await connections.Requests.DrainAsync(timeout.Token);
            if (ExecuteTask is { } loop)
            {
                await loop.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            // All slots free means every taken request was answered.
            for (var i = 0; i < _options.MaxConcurrency; i++)
            {
                await _slots.WaitAsync(timeout.Token);
            }

            _slots.Release(_options.MaxConcurrency);

            await connections.Replies.DrainAsync(timeout.Token);
            TokenWorkerLog.Drained(logger);
        }
        catch (OperationCanceledException)
        {
            TokenWorkerLog.DrainTimedOut(logger, _options.DrainTimeout, InFlight);
        }
        catch (NatsException e)
        {
            TokenWorkerLog.SubscriptionFailed(logger, e);
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task HandleAsync(NatsMsg<ReadOnlyMemory<byte>> msg)
    {
        try
        {
            await Task.Yield();
            if (string.IsNullOrEmpty(msg.ReplyTo))
            {
                TokenWorkerLog.NoReplySubject(logger, msg.Subject);
                return;
            }

            byte[] reply;
            try
            {
                reply = await handler.HandleAsync(msg.Data, TraceContext.Extract(msg.Headers));
            }
            catch (Exception e)
            {
                TokenWorkerLog.RequestCrashed(logger, null, e);
                reply = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                    new TokenErrorReply(null, OAuthErrors.ServerError, "The token worker failed to handle the request.", 500),
                    TokenMessagesJsonContext.Default.TokenErrorReply);
            }

            try
            {
                await connections.Replies.PublishAsync(msg.ReplyTo, reply);
            }
            catch (Exception e) when (e is NatsException or ObjectDisposedException or InvalidOperationException)
            {
                TokenWorkerLog.ReplyFailed(logger, null, e);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }
}
