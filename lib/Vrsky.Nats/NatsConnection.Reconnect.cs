using System.Text.Json;
using Vrsky.Nats.Internal;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats;

/// <summary>Session supervision: losing a server, choosing the next one, backing off, lame duck and stale pings.</summary>
public sealed partial class NatsConnection : IServerOpHandler
{
    private int _pingsOut;

    void IServerOpHandler.OnPing() => _ = SendPongAsync();

    void IServerOpHandler.OnPong()
    {
        Volatile.Write(ref _pingsOut, 0);
        _writer.OnPong();
    }

    void IServerOpHandler.OnInfo(string json)
    {
        NatsServerInfo info;
        try
        {
            info = JsonSerializer.Deserialize(json, NatsProtocolJsonContext.Default.NatsServerInfo)!;
        }
        catch (JsonException e)
        {
            throw new NatsProtocolException($"Malformed INFO: {e.Message}");
        }

        Volatile.Write(ref _serverInfo, info);
        var session = _session;
        if (_pool.AddDiscovered(info.ConnectUrls, session?.Socket.IsTls ?? false))
        {
            NatsLogEvents.ServersDiscovered(Logger, _pool.Count);
        }

        if (info.LameDuckMode && session is not null && _pool.Count > 1)
        {
            NatsLogEvents.LameDuck(Logger, session.Server.ToString());
            session.Abort();
        }
    }

    void IServerOpHandler.OnError(string error)
    {
        NatsLogEvents.ServerError(Logger, error);
        if (ToException(error) is NatsAuthorizationException auth && _session is { } session)
        {
            // The server closes the socket after auth errors; remember why for the state event.
            session.Error = auth;
        }
    }

    private async Task SendPongAsync()
    {
        try
        {
            await _writer.WriteAsync(ProtocolWriter.WritePong, _disposeCts.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // Closing: the server no longer needs an answer.
        }
    }

    /// <summary>Owns the connection after the first connect: waits for the session to end, then reconnects or closes.</summary>
    private async Task SuperviseAsync()
    {
        while (true)
        {
            var session = _session!;
            var error = await session.Completion;
            _writer.Connected = false;
            await session.DisposeAsync();
            if (_disposed)
            {
                return;
            }

            NatsLogEvents.Disconnected(Logger, session.Server.ToString(), error);
            _writer.FailLostPongWaiters(new NatsException("The connection was lost before the PONG arrived", error));
            SetState(NatsConnectionState.Reconnecting, error);
            var failure = await ReconnectAsync();
            if (_disposed)
            {
                return;
            }

            if (failure is not null)
            {
                NatsLogEvents.ReconnectGaveUp(Logger, failure);
                _writer.Close(failure);
                CloseSubscriptions(failure, failure);
                SetState(NatsConnectionState.Closed, failure);
                return;
            }

            NatsLogEvents.Reconnected(Logger, _session!.Server.ToString());
            SetState(NatsConnectionState.Open, null);
        }
    }

    /// <summary>Tries servers in rotation until one accepts; returns the reason to give up, or null on success.</summary>
    private async Task<Exception?> ReconnectAsync()
    {
        var cancellationToken = _disposeCts.Token;
        Exception? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var server = _pool.Next(Opts.MaxReconnect);
            if (server is null)
            {
                return new NatsException("Could not reconnect to any NATS server", last);
            }

            var wait = server.LastAttemptUtc + Opts.ReconnectWait + Jitter() - DateTime.UtcNow;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                await OpenSessionAsync(server, cancellationToken);
                return null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (NatsAuthorizationException e)
            {
                NatsLogEvents.AuthorizationFailed(Logger, server.ToString());
                _pool.Remove(server);
                last = e;
            }
            catch (Exception e)
            {
                server.FailedAttempts++;
                last = e;
            }
        }

        return null;
    }

    private TimeSpan Jitter() =>
        Opts.ReconnectJitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Random.Shared.NextInt64(Opts.ReconnectJitter.Ticks));

    private async Task PingLoopAsync(Session session, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Opts.PingInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (Interlocked.Increment(ref _pingsOut) > Opts.MaxPingOut)
            {
                NatsLogEvents.StaleConnection(Logger, Opts.MaxPingOut);
                session.Error = new NatsTimeoutException("The server stopped answering PINGs");
                session.Abort();
                return;
            }

            await _writer.PingAsync(null, cancellationToken);
        }
    }

    /// <summary>One socket's lifetime: read loop, write pump and ping timer; the first to stop ends it.</summary>
    private sealed class Session(NatsConnection connection, NatsServerAddress server, NatsSocketConnection socket) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private Task _read = Task.CompletedTask;
        private Task _pump = Task.CompletedTask;
        private Task _ping = Task.CompletedTask;

        public NatsServerAddress Server { get; } = server;

        public NatsSocketConnection Socket { get; } = socket;

        /// <summary>A reason known before the socket broke (auth error, stale pings, lame duck).</summary>
        public Exception? Error { get; set; }

        /// <summary>Completes with the reason the session ended (null for a clean close).</summary>
        public Task<Exception?> Completion { get; private set; } = Task.FromResult<Exception?>(null);

        public void Start()
        {
            Volatile.Write(ref connection._pingsOut, 0);
            _read = ReadLoop.RunAsync(Socket.Reader!, connection, _cts.Token);
            _pump = connection._writer.PumpAsync(Socket.Stream, _cts.Token);
            _ping = connection.PingLoopAsync(this, _cts.Token);
            Completion = WaitAsync();
        }

        public void Abort()
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already torn down.
            }

            Socket.Abort();
        }

        public async ValueTask DisposeAsync()
        {
            Abort();
            await Task.WhenAll(_read, _pump, _ping).ContinueWith(static _ => { }, TaskScheduler.Default);
            await Socket.DisposeAsync();
            _cts.Dispose();
        }

        private async Task<Exception?> WaitAsync()
        {
            var first = await Task.WhenAny(_read, _pump, _ping);
            Abort();
            var error = Error ?? first.Exception?.GetBaseException();
            return error is OperationCanceledException ? null : error ?? new NatsException($"Server {Server} closed the connection");
        }
    }
}
