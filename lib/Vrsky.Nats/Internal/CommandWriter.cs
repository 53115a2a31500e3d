using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>
/// Outgoing commands for the whole life of a connection: callers format straight into one pipe
/// under a gate; a single pump per socket session copies whatever has accumulated to the socket,
/// so many small publishes become few large writes. While disconnected the pipe keeps filling,
/// up to the reconnect buffer size, and the next session's pump sends it.
/// </summary>
internal sealed class CommandWriter
{
    private const int SendChunk = 64 * 1024;

    private readonly Pipe _pipe;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly ConcurrentQueue<TaskCompletionSource?> _pongWaiters = new();
    private readonly int _reconnectBufferSize;
    private long _buffered;
    private volatile bool _connected;
    private volatile bool _closed;

    public CommandWriter(int reconnectBufferSize)
    {
        _reconnectBufferSize = reconnectBufferSize;
        var pause = Math.Max(reconnectBufferSize * 2L, 4L * 1024 * 1024);
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            minimumSegmentSize: 16 * 1024,
            useSynchronizationContext: false));
    }

    /// <summary>Bytes written but not yet handed to a socket.</summary>
    public long Buffered => Interlocked.Read(ref _buffered);

    /// <summary>Set when a session is open; while false, writes count against the reconnect buffer.</summary>
    public bool Connected
    {
        get => _connected;
        set => _connected = value;
    }

    public ValueTask PublishAsync<T>(string subject, string? replyTo, NatsHeaders? headers, T data, JsonSerializerOptions options, long maxPayload, CancellationToken cancellationToken)
    {
        if (!_gate.Wait(0))
        {
            return PublishContendedAsync(subject, replyTo, headers, data, options, maxPayload, cancellationToken);
        }

        return WritePublishLocked(subject, replyTo, headers, data, options, maxPayload);
    }

    public ValueTask WriteAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken) =>
        WriteAsync(write, ping: false, null, cancellationToken);

    /// <summary>Queues a PING; <paramref name="pong"/> (if any) completes when its PONG arrives.</summary>
    public ValueTask PingAsync(TaskCompletionSource? pong, CancellationToken cancellationToken) =>
        WriteAsync(ProtocolWriter.WritePing, ping: true, pong, cancellationToken);

    /// <summary>Called by the read loop for each PONG, in order.</summary>
    public void OnPong()
    {
        if (_pongWaiters.TryDequeue(out var waiter))
        {
            waiter?.TrySetResult();
        }
    }

    /// <summary>PINGs sent over a lost socket will never be answered.</summary>
    public void FailPongWaiters(Exception error)
    {
        while (_pongWaiters.TryDequeue(out var waiter))
        {
            waiter?.TrySetException(error);
        }
    }

    /// <summary>Sends everything that accumulates in the pipe to <paramref name="stream"/> until cancelled or the stream fails.</summary>
    public async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var reader = _pipe.Reader;
        var chunk = ArrayPool<byte>.Shared.Rent(SendChunk);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                try
                {
                    if (buffer.IsSingleSegment)
                    {
                        await stream.WriteAsync(buffer.First, cancellationToken);
                    }
                    else
                    {
                        await WriteChunkedAsync(stream, buffer, chunk, cancellationToken);
                    }

                    await stream.FlushAsync(cancellationToken);
                }
                catch
                {
                    // Keep the whole batch: it starts on a command boundary, so the next session
                    // can resend it intact (at-least-once rather than a torn frame).
                    reader.AdvanceTo(buffer.Start);
                    throw;
                }

                reader.AdvanceTo(buffer.End);
                Interlocked.Add(ref _buffered, -buffer.Length);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Stops accepting commands and releases anyone waiting on the pipe.</summary>
    public void Close(Exception error)
    {
        _closed = true;
        _pipe.Writer.CancelPendingFlush();
        FailPongWaiters(error);
    }

    private static async ValueTask WriteChunkedAsync(Stream stream, ReadOnlySequence<byte> buffer, byte[] chunk, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var length = (int)Math.Min(buffer.Length, chunk.Length);
            buffer.Slice(0, length).CopyTo(chunk);
            await stream.WriteAsync(chunk.AsMemory(0, length), cancellationToken);
            buffer = buffer.Slice(length);
        }
    }

    private async ValueTask PublishContendedAsync<T>(string subject, string? replyTo, NatsHeaders? headers, T data, JsonSerializerOptions options, long maxPayload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        await WritePublishLocked(subject, replyTo, headers, data, options, maxPayload);
    }

    /// <summary>Runs with the gate held and releases it, once the flush allows.</summary>
    private ValueTask WritePublishLocked<T>(string subject, string? replyTo, NatsHeaders? headers, T data, JsonSerializerOptions options, long maxPayload)
    {
        try
        {
            ThrowIfClosed();
            _scratch.ResetWrittenCount();
            var payload = NatsSerializer<T>.Serialize(data, options, _scratch);
            var headerLength = headers is null ? 0 : HeaderCodec.GetEncodedLength(headers);
            if (maxPayload > 0 && headerLength + payload.Length > maxPayload)
            {
                throw new NatsPayloadTooLargeException(headerLength + payload.Length, maxPayload);
            }

            var frame = ProtocolWriter.GetPublishLength(subject, replyTo, headerLength, payload.Length, out _);
            ReserveBuffer(frame);
            ProtocolWriter.WritePublish(_pipe.Writer, subject, replyTo, headers, headerLength, payload.Span);
        }
        catch
        {
            _gate.Release();
            throw;
        }

        return FlushAndReleaseAsync();
    }

    private async ValueTask WriteAsync(Action<IBufferWriter<byte>> write, bool ping, TaskCompletionSource? pong, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            var before = _pipe.Writer.UnflushedBytes;
            write(_pipe.Writer);
            Interlocked.Add(ref _buffered, _pipe.Writer.UnflushedBytes - before);
            if (ping)
            {
                _pongWaiters.Enqueue(pong);
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }

        await FlushAndReleaseAsync();
    }

    private void ReserveBuffer(int frame)
    {
        var total = Interlocked.Add(ref _buffered, frame);
        if (!_connected && total > _reconnectBufferSize)
        {
            Interlocked.Add(ref _buffered, -frame);
            throw new NatsException($"Not connected and the reconnect buffer is full ({_reconnectBufferSize} bytes); the message was not sent");
        }
    }

    private ValueTask FlushAndReleaseAsync()
    {
        var flush = _pipe.Writer.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            _gate.Release();
            return default;
        }

        return AwaitFlushAsync(flush);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            await flush;
            ThrowIfClosed();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new NatsException("The connection is closed");
        }
    }
}
