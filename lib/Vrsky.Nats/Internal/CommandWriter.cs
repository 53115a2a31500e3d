using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>
/// Outgoing commands for the whole life of a connection, double-buffered. Callers format straight
/// into the front buffer under a short lock and return at once; one pump per socket session swaps
/// the front buffer for the one it has just sent and writes it out, so many small publishes become
/// few large writes, and a caller touches neither the socket nor an async state machine unless the
/// front buffer is over <see cref="PauseThreshold"/>. The pump is woken only when it is idle. The lock
/// is a <see cref="SpinGate"/>: it is held only while one command is copied in (tens of nanoseconds for
/// small messages) or the buffers are swapped, and only internal writers run under it.
/// While disconnected the front buffer keeps filling, up to the reconnect buffer size, and the
/// next session's pump sends it.
/// </summary>
internal sealed class CommandWriter
{
    /// <summary>While connected, a caller that leaves more than this in the front buffer waits for the pump.</summary>
    public const int PauseThreshold = 1024 * 1024;

    /// <summary>Largest single write to the stream; after a broken socket at most this much is re-sent unknowingly.</summary>
    private const int SendChunk = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private readonly PumpSignal _wakePump = new();
    private readonly ConcurrentQueue<TaskCompletionSource?> _pongWaiters = new();
    private readonly int _reconnectBufferSize;

    // Guarded by _gate (a mutable struct: never copy it, never make the field readonly).
    private SpinGate _gate;
    private CommandBuffer _front = new();
    private long _buffered;
    private bool _pumpIdle;
    private TaskCompletionSource? _spaceWaiter;

    // Owned by the pump (one at a time): the buffer being sent, how much of it a stream has taken,
    // and how much of that is already subtracted from _buffered.
    private CommandBuffer _back = new();
    private int _backSent;
    private int _backCounted;

    private volatile bool _connected;
    private volatile bool _closed;

    public CommandWriter(int reconnectBufferSize) => _reconnectBufferSize = reconnectBufferSize;

    /// <summary>Bytes written but not yet handed to a socket.</summary>
    public long Buffered => Volatile.Read(ref _buffered);

    /// <summary>Set when a session is open; while false, publishes count against the reconnect buffer.</summary>
    public bool Connected
    {
        get => _connected;
        set => _connected = value;
    }

    public ValueTask PublishAsync<T>(string subject, string? replyTo, NatsHeaders? headers, T data, JsonSerializerOptions options, long maxPayload, CancellationToken cancellationToken)
    {
        ThrowIfClosed();

        // Serialising (JSON, strings) happens outside the lock, into a per-thread scratch buffer that
        // is copied before this thread can run anything else; raw bytes are not copied at all.
        ArrayBufferWriter<byte>? scratch = null;
        if (!NatsSerializer<T>.IsRaw)
        {
            scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
            scratch.ResetWrittenCount();
        }

        var payload = NatsSerializer<T>.Serialize(data, options, scratch);
        var headerLength = headers is null ? 0 : HeaderCodec.GetEncodedLength(headers);
        if (maxPayload > 0 && headerLength + payload.Length > maxPayload)
        {
            throw new NatsPayloadTooLargeException(headerLength + payload.Length, maxPayload);
        }

        bool wake;
        Task? space;
        _gate.Enter();
        try
        {
            ThrowIfClosed();
            var before = _front.Written;
            var frame = ProtocolWriter.WritePublish(_front, subject, replyTo, headers, headerLength, payload.Span);
            if (!_connected && _buffered + frame > _reconnectBufferSize)
            {
                _front.Truncate(before);
                throw new NatsException($"Not connected and the reconnect buffer is full ({_reconnectBufferSize} bytes); the message was not sent");
            }

            _buffered += frame;
            wake = WakePumpLocked();
            space = SpaceLocked();
        }
        finally
        {
            _gate.Exit();
        }

        if (wake)
        {
            _wakePump.Set();
        }

        return space is null ? default : WaitForSpaceAsync(space, cancellationToken);
    }

    public ValueTask WriteAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken) =>
        Write(write, ping: false, null, cancellationToken);

    /// <summary>Queues a PING; <paramref name="pong"/> (if any) completes when its PONG arrives.</summary>
    public ValueTask PingAsync(TaskCompletionSource? pong, CancellationToken cancellationToken) =>
        Write(ProtocolWriter.WritePing, ping: true, pong, cancellationToken);

    /// <summary>Called by the read loop for each PONG, in order.</summary>
    public void OnPong()
    {
        if (_pongWaiters.TryDequeue(out var waiter))
        {
            waiter?.TrySetResult();
        }
    }

    /// <summary>Closing: no PING will be answered any more.</summary>
    private void FailPongWaiters(Exception error)
    {
        while (_pongWaiters.TryDequeue(out var waiter))
        {
            waiter?.TrySetException(error);
        }
    }

    /// <summary>
    /// After a session ended (call only once its pump has stopped): fails the waiters whose PINGs went to the lost
    /// socket and keeps those whose PINGs are still buffered, since the next session sends them and
    /// their PONGs will arrive in order. Failing those too would let their PONGs complete later waiters early.
    /// </summary>
    public void FailLostPongWaiters(Exception error)
    {
        var lost = new List<TaskCompletionSource?>();
        _gate.Enter();
        try
        {
            var unsent = ProtocolWriter.CountPings(_front.WrittenSpan) + ProtocolWriter.CountPings(_back.WrittenSpan[_backSent..]);
            for (var n = _pongWaiters.Count - unsent; n > 0 && _pongWaiters.TryDequeue(out var waiter); n--)
            {
                lost.Add(waiter);
            }
        }
        finally
        {
            _gate.Exit();
        }

        foreach (var waiter in lost)
        {
            waiter?.TrySetException(error);
        }
    }

    /// <summary>
    /// Sends what accumulates to <paramref name="stream"/> until cancelled or the stream fails. What a
    /// failed session had not handed to its stream is sent first by the next session's pump.
    /// Allocation-free per batch: sends are awaited inline and the idle wait is a reusable signal.
    /// </summary>
    public async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var wakeOnCancel = cancellationToken.UnsafeRegister(static signal => ((PumpSignal)signal!).Set(), _wakePump);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_backSent < _back.Written)
            {
                try
                {
                    while (_backSent < _back.Written)
                    {
                        var chunk = _back.WrittenMemory.Slice(_backSent, Math.Min(SendChunk, _back.Written - _backSent));
                        await stream.WriteAsync(chunk, cancellationToken);
                        _backSent += chunk.Length;
                    }

                    await stream.FlushAsync(cancellationToken);
                }
                catch
                {
                    KeepUnsent();
                    throw;
                }
            }

            TaskCompletionSource? space;
            bool idle;
            _gate.Enter();
            try
            {
                _buffered -= _back.Written - _backCounted;
                _back.Clear();
                _backSent = 0;
                _backCounted = 0;
                idle = _front.Written == 0;
                if (idle)
                {
                    _pumpIdle = true;
                }
                else
                {
                    (_front, _back) = (_back, _front);
                }

                space = _spaceWaiter;
                _spaceWaiter = null;
            }
            finally
            {
                _gate.Exit();
            }

            space?.TrySetResult();
            if (idle)
            {
                await _wakePump.WaitAsync();
            }
        }
    }

    /// <summary>Stops accepting commands and releases anyone waiting for buffer space.</summary>
    public void Close(Exception error)
    {
        _closed = true;
        TaskCompletionSource? space;
        _gate.Enter();
        try
        {
            space = _spaceWaiter;
            _spaceWaiter = null;
        }
        finally
        {
            _gate.Exit();
        }

        space?.TrySetResult();
        FailPongWaiters(error);
    }

    /// <summary>
    /// After a failed send: bytes of completed writes count as sent (never repeated); the rest is kept
    /// from the start of the command the failure tore, so the next session re-sends only commands that
    /// were never (wholly) handed to a socket. Bytes of the failing write that the socket may have
    /// taken before failing cannot be known: at most one chunk's commands can be sent twice.
    /// </summary>
    private void KeepUnsent()
    {
        var resume = ProtocolWriter.FindCommandStart(_back.WrittenSpan, _backSent);
        _gate.Enter();
        try
        {
            _buffered -= resume - _backCounted;
        }
        finally
        {
            _gate.Exit();
        }

        _backCounted = resume;
        _backSent = resume;
    }

    private ValueTask Write(Action<IBufferWriter<byte>> write, bool ping, TaskCompletionSource? pong, CancellationToken cancellationToken)
    {
        bool wake;
        Task? space;
        _gate.Enter();
        try
        {
            ThrowIfClosed();
            var before = _front.Written;
            write(_front);
            _buffered += _front.Written - before;
            if (ping)
            {
                _pongWaiters.Enqueue(pong);
            }

            wake = WakePumpLocked();
            space = SpaceLocked();
        }
        finally
        {
            _gate.Exit();
        }

        if (wake)
        {
            _wakePump.Set();
        }

        return space is null ? default : WaitForSpaceAsync(space, cancellationToken);
    }

    private bool WakePumpLocked()
    {
        if (!_pumpIdle)
        {
            return false;
        }

        _pumpIdle = false;
        return true;
    }

    /// <summary>A task to wait for when the front buffer is over the threshold (only while a pump drains it).</summary>
    private Task? SpaceLocked() =>
        _connected && _front.Written > PauseThreshold
            ? (_spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
            : null;

    private async ValueTask WaitForSpaceAsync(Task space, CancellationToken cancellationToken)
    {
        await space.WaitAsync(cancellationToken);
        ThrowIfClosed();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new NatsException("The connection is closed");
        }
    }
}
