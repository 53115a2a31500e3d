using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vrsky.Nats.Internal;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats;

/// <summary>Connection state, the INFO/CONNECT handshake and the server pool. Docs live on <see cref="INatsConnection"/>.</summary>
public sealed partial class NatsConnection : INatsConnection
{
    private readonly CommandWriter _writer;
    private readonly SubscriptionTable _subs = new();
    private readonly ServerPool _pool;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly Channel<Action> _events = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _eventLoop;
    private readonly Lock _stateGate = new();
    private volatile NatsConnectionState _state = NatsConnectionState.Closed;
    private NatsServerInfo? _serverInfo;
    private Session? _session;
    private Task? _supervisor;
    private volatile bool _disposed;

    public NatsConnection()
        : this(NatsOpts.Default)
    {
    }

    public NatsConnection(NatsOpts opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        Opts = opts;
        Logger = opts.LoggerFactory.CreateLogger<NatsConnection>();
        _pool = new ServerPool(opts.Url, opts.NoRandomize);
        _writer = new CommandWriter(opts.ReconnectBufferSize);
        _inboxPrefix = $"{opts.InboxPrefix}.{Nuid.Next()}.";
        _eventLoop = RunEventLoopAsync();
    }

    public event EventHandler<NatsConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>A subscription's pending buffer overflowed; raised once per episode, off the read loop.</summary>
    public event EventHandler<NatsSlowConsumerEventArgs>? SlowConsumerDetected;

    public NatsOpts Opts { get; }

    /// <summary>A volatile read: every publish checks it, so it takes no lock (changes are serialised in SetState).</summary>
    public NatsConnectionState ConnectionState => _state;

    public NatsServerInfo? ServerInfo => Volatile.Read(ref _serverInfo);

    internal ILogger Logger { get; }

    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ConnectionState is NatsConnectionState.Open or NatsConnectionState.Reconnecting)
        {
            return;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (ConnectionState is NatsConnectionState.Open or NatsConnectionState.Reconnecting)
            {
                return;
            }

            SetState(NatsConnectionState.Connecting, null);
            Exception? last = null;
            foreach (var server in _pool.Snapshot())
            {
                try
                {
                    await OpenSessionAsync(server, cancellationToken);
                    SetState(NatsConnectionState.Open, null);
                    _supervisor = SuperviseAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    NatsLogEvents.ConnectFailed(Logger, server.ToString(), e);
                    last = e;
                    if (e is NatsAuthorizationException)
                    {
                        break;
                    }
                }
            }

            SetState(NatsConnectionState.Closed, last);
            throw last as NatsAuthorizationException
                ?? new NatsException($"Could not connect to any NATS server ({string.Join(", ", _pool.Snapshot())})", last);
        }
        catch (OperationCanceledException)
        {
            SetState(NatsConnectionState.Closed, null);
            throw;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (ConnectionState == NatsConnectionState.Open)
        {
            // Publishes are fire-and-forget; give those still queued a chance to leave.
            using var flushTimeout = new CancellationTokenSource(Opts.ConnectTimeout);
            try
            {
                await FlushAsync(flushTimeout.Token);
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException)
            {
                // Closing anyway.
            }
        }

        _disposed = true;
        var closed = new NatsException("The connection was disposed");
        _writer.Close(closed);
        _disposeCts.Cancel();
        _session?.Abort();
        if (_supervisor is { } supervisor)
        {
            await supervisor;
        }

        if (_session is { } session)
        {
            await session.DisposeAsync();
        }

        CloseSubscriptions(null, closed);
        SetState(NatsConnectionState.Closed, null);
        _events.Writer.TryComplete();
        await _eventLoop;
        _disposeCts.Dispose();
    }

    internal void ReportSlowConsumer(SubscriptionBase sub, long dropped)
    {
        NatsLogEvents.SlowConsumer(Logger, sub.Subject, dropped);
        var args = new NatsSlowConsumerEventArgs(sub.Subject, sub.QueueGroup, dropped);
        _events.Writer.TryWrite(() => SlowConsumerDetected?.Invoke(this, args));
    }

    private void SetState(NatsConnectionState state, Exception? error)
    {
        NatsConnectionState previous;
        lock (_stateGate)
        {
            previous = _state;
            if (previous == state)
            {
                return;
            }

            _state = state;
        }

        var args = new NatsConnectionStateChangedEventArgs(previous, state, _session?.Server.ToString(), error);
        _events.Writer.TryWrite(() => ConnectionStateChanged?.Invoke(this, args));
    }

    private async Task RunEventLoopAsync()
    {
        await foreach (var raise in _events.Reader.ReadAllAsync())
        {
            try
            {
                raise();
            }
            catch (Exception e)
            {
                NatsLogEvents.EventHandlerFailed(Logger, e);
            }
        }
    }

    /// <summary>Socket, INFO, optional TLS upgrade, CONNECT+PING until PONG, then subscriptions re-sent and loops started.</summary>
    private async Task OpenSessionAsync(NatsServerAddress server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposeCts.Token);
        timeout.CancelAfter(Opts.ConnectTimeout);
        server.LastAttemptUtc = DateTime.UtcNow;
        var socket = await NatsSocketConnection.ConnectAsync(server, timeout.Token);
        try
        {
            var info = ParseInfo(await socket.ReadFirstLineAsync(timeout.Token));
            if (NeedsTls(server, info))
            {
                await socket.UpgradeToTlsAsync(server.Host, Opts.TlsOpts, timeout.Token);
            }

            var reader = socket.StartReading();
            var handshake = new ArrayBufferWriter<byte>();
            ProtocolWriter.WriteConnect(handshake, JsonSerializer.SerializeToUtf8Bytes(BuildConnect(server, socket.IsTls), NatsProtocolJsonContext.Default.ConnectOpts));
            ProtocolWriter.WritePing(handshake);
            await socket.Stream.WriteAsync(handshake.WrittenMemory, timeout.Token);
            await socket.Stream.FlushAsync(timeout.Token);
            info = await AwaitHandshakePongAsync(reader, socket.Stream, info, timeout.Token);

            var resubscribe = new ArrayBufferWriter<byte>();
            foreach (var sub in _subs.Snapshot())
            {
                ProtocolWriter.WriteSub(resubscribe, sub.Subject, sub.QueueGroup, sub.Sid);
                if (sub.MaxMsgs is { } max)
                {
                    ProtocolWriter.WriteUnsub(resubscribe, sub.Sid, Math.Max(1, max - sub.Delivered));
                }
            }

            if (resubscribe.WrittenCount > 0)
            {
                await socket.Stream.WriteAsync(resubscribe.WrittenMemory, timeout.Token);
                await socket.Stream.FlushAsync(timeout.Token);
            }

            Volatile.Write(ref _serverInfo, info);
            _pool.MarkConnected(server);
            if (_pool.AddDiscovered(info.ConnectUrls, socket.IsTls))
            {
                NatsLogEvents.ServersDiscovered(Logger, _pool.Count);
            }

            _session = new Session(this, server, socket);
            _writer.Connected = true;
            _session.Start();
            NatsLogEvents.Connected(Logger, server.ToString(), info.ServerName, info.Version);
        }
        catch
        {
            await socket.DisposeAsync();
            throw;
        }
    }

    private bool NeedsTls(NatsServerAddress server, NatsServerInfo info)
    {
        var mode = Opts.TlsOpts.Mode;
        if (mode == TlsMode.Disable)
        {
            return info.TlsRequired
                ? throw new NatsException($"Server {server} requires TLS but TLS is disabled in the options")
                : false;
        }

        var wanted = server.Tls || mode == TlsMode.Require || info.TlsRequired;
        if (wanted && !info.TlsRequired && !info.TlsAvailable)
        {
            throw new NatsException($"TLS was requested but server {server} does not offer TLS");
        }

        return wanted;
    }

    private ConnectOpts BuildConnect(NatsServerAddress server, bool tls)
    {
        var auth = Opts.AuthOpts;
        var fromUrl = server.Auth ?? _pool.Snapshot().Select(s => s.Auth).FirstOrDefault(a => a is not null);
        var user = auth.Username ?? fromUrl?.Username;
        var pass = auth.Password ?? fromUrl?.Password;
        var token = auth.Token ?? fromUrl?.Token;
        return new ConnectOpts
        {
            Verbose = Opts.Verbose,
            TlsRequired = tls,
            Name = Opts.Name,
            Echo = Opts.Echo,
            Headers = Opts.Headers,
            NoResponders = Opts.Headers && Opts.NoResponders,
            User = user,
            Pass = pass,
            AuthToken = token,
        };
    }

    private static NatsServerInfo ParseInfo(byte[] line)
    {
        if (!ProtocolParser.TryParse(new ReadOnlySequence<byte>(line), out var op, out _))
        {
            throw new NatsProtocolException("Incomplete first line from server");
        }

        return op.Kind switch
        {
            ServerOpKind.Info => DeserializeInfo(op.Text!),
            ServerOpKind.Err => throw ToException(op.Text!),
            _ => throw new NatsProtocolException($"Expected INFO from the server, got {op.Kind}"),
        };
    }

    private static NatsServerInfo DeserializeInfo(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, NatsProtocolJsonContext.Default.NatsServerInfo)
                ?? throw new NatsProtocolException("Empty INFO");
        }
        catch (JsonException e)
        {
            throw new NatsProtocolException($"Malformed INFO: {e.Message}");
        }
    }

    private static async Task<NatsServerInfo> AwaitHandshakePongAsync(System.IO.Pipelines.PipeReader reader, Stream stream, NatsServerInfo info, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var ponged = false;
            try
            {
                while (!ponged && ProtocolParser.TryParse(buffer, out var op, out var consumed))
                {
                    buffer = buffer.Slice(consumed);
                    switch (op.Kind)
                    {
                        case ServerOpKind.Pong:
                            ponged = true;
                            break;
                        case ServerOpKind.Err:
                            throw ToException(op.Text!);
                        case ServerOpKind.Info:
                            info = DeserializeInfo(op.Text!);
                            break;
                        case ServerOpKind.Ping:
                            await stream.WriteAsync("PONG\r\n"u8.ToArray(), cancellationToken);
                            break;
                    }
                }
            }
            finally
            {
                // After the PONG, whatever followed in the same read is the session's: leaving it unexamined makes
                // the read loop's first ReadAsync return it at once instead of waiting for the server's next bytes.
                reader.AdvanceTo(buffer.Start, ponged ? buffer.Start : buffer.End);
            }

            if (ponged)
            {
                return info;
            }

            if (result.IsCompleted)
            {
                throw new NatsException("The server closed the connection during the handshake");
            }
        }
    }

    /// <summary>Maps -ERR text to the exception a caller can act on.</summary>
    internal static NatsException ToException(string error)
    {
        var lower = error.ToLowerInvariant();
        return lower.Contains("authorization") || lower.Contains("authentication") || lower.Contains("permissions violation")
            ? new NatsAuthorizationException(error)
            : new NatsServerException(error);
    }
}
