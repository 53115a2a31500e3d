using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vrsky.Redis.Internal;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

/// <inheritdoc cref="IRedisConnection"/>
public sealed partial class RedisConnection : IRedisConnection
{
    private const string Purpose = "commands";

    private readonly ILogger _logger;
    private readonly Channel<PendingCommand> _queue;
    private readonly ConcurrentQueue<PendingCommand> _unsent = new();
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _subscriberLock = new();
    private RedisSubscriber? _subscriber;
    private Generation? _current;
    private int _state;

    public RedisConnection(RedisOpts? opts = null)
    {
        Opts = opts ?? RedisOpts.Default;
        _logger = Opts.LoggerFactory.CreateLogger("Vrsky.Redis.RedisConnection");
        _queue = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(Opts.MaxQueuedCommands)
        {
            // A replaced connection's write loop may still be finishing while the new one starts.
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public RedisOpts Opts { get; }

    public RedisConnectionState ConnectionState => (RedisConnectionState)Volatile.Read(ref _state);

    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (ConnectionState is RedisConnectionState.Open or RedisConnectionState.Reconnecting)
        {
            return;
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ConnectionState != RedisConnectionState.Closed)
            {
                ObjectDisposedException.ThrowIf(ConnectionState == RedisConnectionState.Disposed, this);
                return;
            }

            SetState(RedisConnectionState.Connecting);
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
                var socket = await RedisSocket.ConnectAsync(Opts, linked.Token).ConfigureAwait(false);
                Start(socket);
                RedisLogEvents.Connected(_logger, Opts.Endpoint, Purpose);
            }
            catch (Exception e)
            {
                SetState(_disposed.IsCancellationRequested ? RedisConnectionState.Disposed : RedisConnectionState.Closed);
                RedisLogEvents.ConnectFailed(_logger, Opts.Endpoint, Purpose, e);
                throw;
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        await SendAsync(["PING"], cancellationToken).ConfigureAwait(false);
        return watch.Elapsed;
    }

    public ValueTask<RespValue> ExecuteAsync(params RedisArg[] args) => ExecuteAsync(args, CancellationToken.None);

    public ValueTask<RespValue> ExecuteAsync(IReadOnlyList<RedisArg> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(args));
        }

        return SendAsync(args.ToArray(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        SetState(RedisConnectionState.Disposed);
        _queue.Writer.TryComplete();
        if (Volatile.Read(ref _current) is { } generation)
        {
            await generation.Started.Task.ConfigureAwait(false);
            await Teardown(generation, new ObjectDisposedException(nameof(RedisConnection)), generation.WriteLoop, generation.ReadLoop).ConfigureAwait(false);
        }

        var disposed = new RedisConnectionException("The connection was disposed before the command was sent.");
        while (_queue.Reader.TryRead(out var queued))
        {
            queued.Fail(disposed);
        }

        while (_unsent.TryDequeue(out var unsent))
        {
            unsent.Fail(disposed);
        }

        RedisSubscriber? subscriber;
        lock (_subscriberLock)
        {
            subscriber = _subscriber;
        }

        if (subscriber is not null)
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Queues a command and awaits its reply; every typed command ends here.</summary>
    internal async ValueTask<RespValue> SendAsync(RedisArg[] args, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (ConnectionState is RedisConnectionState.Closed or RedisConnectionState.Connecting)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        var command = new PendingCommand(args);
        var timeout = Opts.CommandTimeout;
        try
        {
            if (!_queue.Writer.TryWrite(command))
            {
                await _queue.Writer.WriteAsync(command, cancellationToken).AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }

            return await command.Reply.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            command.Abandon();
            throw new RedisTimeoutException(
                $"{command.Name} got no reply from Redis {Opts.Endpoint} within {timeout.TotalMilliseconds:0} ms (connection {ConnectionState}).");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            command.Abandon();
            throw;
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(RedisConnection));
        }
    }

    private void SetState(RedisConnectionState state)
    {
        if (state != RedisConnectionState.Disposed && ConnectionState == RedisConnectionState.Disposed)
        {
            return;
        }

        Volatile.Write(ref _state, (int)state);
    }

    private RedisSubscriber Subscriber()
    {
        lock (_subscriberLock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            return _subscriber ??= new RedisSubscriber(Opts, _logger);
        }
    }
}
