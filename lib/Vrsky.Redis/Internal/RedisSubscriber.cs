using Microsoft.Extensions.Logging;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis.Internal;

/// <summary>
/// The dedicated pub/sub connection (a subscribed Redis connection accepts no other commands). It routes pushed
/// <c>message</c>/<c>pmessage</c> arrays to subscriptions, sends SUBSCRIBE only for the first subscriber of a name and
/// UNSUBSCRIBE after the last, and after a lost connection reconnects, re-authenticates and re-subscribes everything.
/// Messages published while disconnected are lost (Redis pub/sub is at-most-once).
/// </summary>
internal sealed class RedisSubscriber(RedisOpts opts, ILogger logger) : IAsyncDisposable
{
    private const string Purpose = "pub/sub";

    // Held while writing to the socket or swapping it, and while changing the tables in a way that sends a command,
    // so the order of SUBSCRIBE/UNSUBSCRIBE on the wire matches the order of the table changes.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _tableLock = new();
    private readonly Dictionary<string, Entry> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _patterns = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private RedisSocket? _socket;
    private Task _readLoop = Task.CompletedTask;
    private bool _reconnecting;

    public async Task<IRedisSubscription> SubscribeAsync(string name, bool isPattern, CancellationToken cancellationToken)
    {
        var subscription = new RedisSubscription(this, name, isPattern, opts.SubscriptionCapacity, logger);
        Task confirmed;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_socket is null && !_reconnecting)
            {
                try
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
                    _socket = await RedisSocket.ConnectAsync(opts, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    RedisLogEvents.ConnectFailed(logger, opts.Endpoint, Purpose, e);
                    throw;
                }

                RedisLogEvents.Connected(logger, opts.Endpoint, Purpose);
                var socket = _socket;
                _readLoop = Task.Run(() => ReadLoopAsync(socket));
            }

            bool send;
            lock (_tableLock)
            {
                var table = isPattern ? _patterns : _channels;
                send = !table.TryGetValue(name, out var entry);
                if (send)
                {
                    entry = new Entry();
                    table[name] = entry;
                }

                entry!.Subscriptions.Add(subscription);
                confirmed = entry.Confirmed.Task;
            }

            if (send)
            {
                await TryWriteAsync([isPattern ? "PSUBSCRIBE" : "SUBSCRIBE", name]).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            await confirmed.WaitAsync(opts.CommandTimeout, cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch (Exception e)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            if (e is TimeoutException)
            {
                throw new RedisTimeoutException(
                    $"{(isPattern ? "PSUBSCRIBE" : "SUBSCRIBE")} {name} was not confirmed by Redis {opts.Endpoint} within {opts.CommandTimeout.TotalMilliseconds:0} ms.");
            }

            throw;
        }
    }

    public async ValueTask RemoveAsync(RedisSubscription subscription)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            bool send;
            lock (_tableLock)
            {
                var table = subscription.IsPattern ? _patterns : _channels;
                send = table.TryGetValue(subscription.Name, out var entry)
                    && entry.Subscriptions.Remove(subscription)
                    && entry.Subscriptions.Count == 0;
                if (send)
                {
                    table.Remove(subscription.Name);
                }
            }

            if (send)
            {
                await TryWriteAsync([subscription.IsPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", subscription.Name]).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        var socket = Interlocked.Exchange(ref _socket, null);
        if (socket is not null)
        {
            // Abort first, then complete the pipes once the read loop has stopped using them.
            socket.Abort();
            await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }

        lock (_tableLock)
        {
            foreach (var entry in _channels.Values.Concat(_patterns.Values))
            {
                entry.Confirmed.TrySetException(new ObjectDisposedException(nameof(RedisConnection)));
                foreach (var subscription in entry.Subscriptions)
                {
                    subscription.Complete();
                }
            }

            _channels.Clear();
            _patterns.Clear();
        }
    }

    /// <summary>Writes with the write lock held; a failure is left to the read loop, which notices the broken socket.</summary>
    private async ValueTask TryWriteAsync(RedisArg[] args)
    {
        if (_socket is not { } socket)
        {
            return;
        }

        try
        {
            // Not cancellable by the caller: a half-written command would corrupt the stream.
            await socket.WriteAsync(args, _disposed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
    }

    private async Task ReadLoopAsync(RedisSocket socket)
    {
        try
        {
            while (true)
            {
                var result = await socket.Input.ReadAsync(_disposed.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (RespParser.TryParse(buffer, out var value, out var consumed, opts.ParserLimits))
                    {
                        buffer = buffer.Slice(consumed);
                        Dispatch(value!);
                    }
                }
                finally
                {
                    socket.Input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    throw new RedisConnectionException($"Redis {opts.Endpoint} closed the pub/sub connection.");
                }
            }
        }
        catch (Exception e) when (!_disposed.IsCancellationRequested)
        {
            await OnConnectionLostAsync(socket, e).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposed: nothing to recover.
        }
    }

    private void Dispatch(RespValue value)
    {
        if (value.Type == RespType.Error)
        {
            RedisLogEvents.SubscriberError(logger, value.AsString()!);
            return;
        }

        if (value.Type != RespType.Array || value.IsNull || value.Items.Count < 3)
        {
            return;
        }

        var items = value.Items;
        switch (items[0].AsString())
        {
            case "message":
                Deliver(_channels, items[1].AsString()!, new RedisMessage(items[1].AsString()!, items[2].Bytes));
                break;
            case "pmessage" when items.Count >= 4:
                Deliver(_patterns, items[1].AsString()!, new RedisMessage(items[2].AsString()!, items[3].Bytes, items[1].AsString()));
                break;
            case "subscribe":
                Confirm(_channels, items[1].AsString()!);
                break;
            case "psubscribe":
                Confirm(_patterns, items[1].AsString()!);
                break;
        }
    }

    private void Deliver(Dictionary<string, Entry> table, string name, RedisMessage message)
    {
        lock (_tableLock)
        {
            if (table.TryGetValue(name, out var entry))
            {
                foreach (var subscription in entry.Subscriptions)
                {
                    subscription.Deliver(message);
                }
            }
        }
    }

    private void Confirm(Dictionary<string, Entry> table, string name)
    {
        lock (_tableLock)
        {
            if (table.TryGetValue(name, out var entry))
            {
                entry.Confirmed.TrySetResult();
            }
        }
    }

    private async Task OnConnectionLostAsync(RedisSocket socket, Exception reason)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_socket, socket))
            {
                return;
            }

            _socket = null;
            _reconnecting = true;
            await socket.DisposeAsync().ConfigureAwait(false);
            lock (_tableLock)
            {
                // Confirmed subscriptions need confirming again on the next connection.
                foreach (var entry in _channels.Values.Concat(_patterns.Values))
                {
                    if (entry.Confirmed.Task.IsCompleted)
                    {
                        entry.Confirmed = NewConfirmation();
                    }
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }

        RedisLogEvents.ConnectionLost(logger, opts.Endpoint, Purpose, 0, reason);
        _ = Task.Run(ReconnectLoopAsync);
    }

    private async Task ReconnectLoopAsync()
    {
        var delay = opts.ReconnectMinDelay;
        for (var attempt = 1; !_disposed.IsCancellationRequested; attempt++)
        {
            try
            {
                var socket = await RedisSocket.ConnectAsync(opts, _disposed.Token).ConfigureAwait(false);
                await _writeLock.WaitAsync(_disposed.Token).ConfigureAwait(false);
                try
                {
                    _socket = socket;
                    _reconnecting = false;
                    _readLoop = Task.Run(() => ReadLoopAsync(socket));
                    string[] channels, patterns;
                    lock (_tableLock)
                    {
                        channels = [.. _channels.Keys];
                        patterns = [.. _patterns.Keys];
                    }

                    if (channels.Length > 0)
                    {
                        await TryWriteAsync([.. channels.Select(c => (RedisArg)c).Prepend("SUBSCRIBE")]).ConfigureAwait(false);
                    }

                    if (patterns.Length > 0)
                    {
                        await TryWriteAsync([.. patterns.Select(p => (RedisArg)p).Prepend("PSUBSCRIBE")]).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _writeLock.Release();
                }

                RedisLogEvents.Reconnected(logger, opts.Endpoint, Purpose, attempt);
                return;
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (attempt == 1)
                {
                    RedisLogEvents.ConnectFailed(logger, opts.Endpoint, Purpose, e);
                }
            }

            try
            {
                await Task.Delay(Backoff.WithJitter(delay), _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = Backoff.Next(delay, opts.ReconnectMaxDelay);
        }
    }

    private static TaskCompletionSource NewConfirmation() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public List<RedisSubscription> Subscriptions { get; } = [];

        public TaskCompletionSource Confirmed { get; set; } = NewConfirmation();
    }
}
