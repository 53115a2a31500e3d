using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Vrsky.Redis.Internal;
using Vrsky.Redis.Protocol;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    private const int FlushThreshold = 64 * 1024;

    /// <summary>Starts the write and read loops on a freshly connected socket.</summary>
    private void Start(RedisSocket socket)
    {
        var generation = new Generation(socket, CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token));
        Volatile.Write(ref _current, generation);
        SetState(RedisConnectionState.Open);
        generation.WriteLoop = Task.Run(() => WriteLoopAsync(generation));
        generation.ReadLoop = Task.Run(() => ReadLoopAsync(generation));
        generation.Started.SetResult();
    }

    /// <summary>
    /// The only writer of the socket. A command enters the FIFO of awaited replies before its bytes can reach the
    /// server, so replies always find their caller; commands are batched into one flush while more are queued.
    /// </summary>
    private async Task WriteLoopAsync(Generation generation)
    {
        await generation.Started.Task.ConfigureAwait(false);
        var output = generation.Socket.Output;
        var token = generation.Stopping.Token;
        try
        {
            while (true)
            {
                var unflushed = 0;
                while (TryTake(out var command))
                {
                    if (command.IsAbandoned)
                    {
                        continue;
                    }

                    lock (generation.Gate)
                    {
                        if (generation.Broken)
                        {
                            // Never written, so it is safe to send on the next connection.
                            _unsent.Enqueue(command);
                            return;
                        }

                        generation.Fifo.Enqueue(command);
                    }

                    unflushed += RespWriter.WriteCommand(output, command.Args!);
                    command.Args = null;
                    if (unflushed >= FlushThreshold)
                    {
                        await FlushAsync(output, token).ConfigureAwait(false);
                        unflushed = 0;
                    }
                }

                if (unflushed > 0)
                {
                    await FlushAsync(output, token).ConfigureAwait(false);
                }

                if (!await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await OnConnectionLostAsync(generation, e, fromWriter: true).ConfigureAwait(false);
        }
    }

    private bool TryTake(out PendingCommand command) =>
        _unsent.TryDequeue(out command!) || _queue.Reader.TryRead(out command!);

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken token)
    {
        var result = await output.FlushAsync(token).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new RedisConnectionException("The server closed the connection.");
        }
    }

    private async Task ReadLoopAsync(Generation generation)
    {
        await generation.Started.Task.ConfigureAwait(false);
        var input = generation.Socket.Input;
        var token = generation.Stopping.Token;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (RespParser.TryParse(buffer, out var value, out var consumed, Opts.ParserLimits))
                    {
                        buffer = buffer.Slice(consumed);
                        if (!generation.Fifo.TryDequeue(out var command))
                        {
                            RedisLogEvents.UnexpectedReply(_logger);
                            throw new RedisProtocolException("Redis sent a reply no command was waiting for.");
                        }

                        command.Complete(value!);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    throw new RedisConnectionException($"Redis {Opts.Endpoint} closed the connection.");
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await OnConnectionLostAsync(generation, e, fromWriter: false).ConfigureAwait(false);
        }
    }

    private async Task OnConnectionLostAsync(Generation generation, Exception reason, bool fromWriter)
    {
        var failed = await Teardown(generation, reason, fromWriter ? generation.ReadLoop : generation.WriteLoop).ConfigureAwait(false);
        if (failed < 0 || _disposed.IsCancellationRequested)
        {
            return;
        }

        RedisLogEvents.ConnectionLost(_logger, Opts.Endpoint, Purpose, failed, reason);
        SetState(RedisConnectionState.Reconnecting);
        _ = Task.Run(ReconnectLoopAsync);
    }

    /// <summary>
    /// Closes the socket once and fails every command awaiting a reply; -1 when already torn down. The pipes are
    /// completed only after <paramref name="otherLoops"/> have stopped using them.
    /// </summary>
    private static async Task<int> Teardown(Generation generation, Exception reason, params Task?[] otherLoops)
    {
        lock (generation.Gate)
        {
            if (generation.Broken)
            {
                return -1;
            }

            generation.Broken = true;
        }

        generation.Stopping.Cancel();
        generation.Socket.Abort();
        foreach (var loop in otherLoops)
        {
            if (loop is not null)
            {
                // The loops catch everything themselves; this only waits for them to leave the pipes alone.
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await generation.Socket.DisposeAsync().ConfigureAwait(false);
        var failed = 0;
        while (generation.Fifo.TryDequeue(out var command))
        {
            failed++;
            command.Fail(new RedisConnectionException(
                $"The connection broke before the reply to {command.Name} arrived; the command may or may not have run.", reason));
        }

        return failed;
    }

    /// <summary>Reconnects (and re-authenticates) with exponential backoff until it succeeds or the connection is disposed.</summary>
    private async Task ReconnectLoopAsync()
    {
        var delay = Opts.ReconnectMinDelay;
        for (var attempt = 1; !_disposed.IsCancellationRequested; attempt++)
        {
            try
            {
                var socket = await RedisSocket.ConnectAsync(Opts, _disposed.Token).ConfigureAwait(false);
                if (_disposed.IsCancellationRequested)
                {
                    await socket.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                Start(socket);
                RedisLogEvents.Reconnected(_logger, Opts.Endpoint, Purpose, attempt);
                return;
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (attempt == 1 || _logger.IsEnabled(LogLevel.Debug))
                {
                    RedisLogEvents.ConnectFailed(_logger, Opts.Endpoint, Purpose, e);
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

            delay = Backoff.Next(delay, Opts.ReconnectMaxDelay);
        }
    }

    /// <summary>One socket's lifetime: the FIFO of commands written to it and awaiting replies.</summary>
    private sealed class Generation(RedisSocket socket, CancellationTokenSource stopping)
    {
        public RedisSocket Socket { get; } = socket;

        public CancellationTokenSource Stopping { get; } = stopping;

        public ConcurrentQueue<PendingCommand> Fifo { get; } = new();

        public Lock Gate { get; } = new();

        public bool Broken { get; set; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task? WriteLoop { get; set; }

        public Task? ReadLoop { get; set; }
    }
}
